BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

 gettext(u'Thank you for applying to take part in %(edition)s. We have received your application.') SSSSS SSS SSS SSSSSSSS SS SSSS SSSS SS SSSSSSSSSSSS SS SSSS SSSSSSSS SSSS SSSSSSSSSSSS

BB BBBBBBBBBBBBBB gettext(u'Please confirm your email address and choose a password through this link:') BBBB gettext(u'Please confirm your email address through this link:') BBBBB


 gettext(u'The facilitators review the applications and let you know their decision by email. After confirming, you can follow your application on the platform.') 

 gettext(u'Did you not apply? Then you can ignore this email.') 

 gettext(u'Kind regards,') 
 gettext(u'The facilitators of the learning platform') 
BBBBBBBBBBBBB
