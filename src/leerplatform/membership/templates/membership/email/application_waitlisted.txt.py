BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

 gettext(u'Thank you for applying to %(edition)s. The facilitators have put your application on the waiting list. When a place becomes free, they can admit you; you then receive an email.') SSSSS SSS SSS SSSSSSSS SS SSSSSSSSSSSS SSS SSSSSSSSSSSS SSSS SSS SSSS SSSSSSSSSSS SS SSS SSSSSSS SSSSS SSSS S SSSSS SSSSSSS SSSSS SSSS SSS SSSSS SSSS SSS SSSS SSSSSSS SS SSSSSS

 gettext(u'You can follow your application here:') 
BB BBBBBBBBBBBBBBBBBBBBBBB

 gettext(u'Kind regards,') 
 gettext(u'The facilitators of the learning platform') 
BBBBBBBBBBBBB
