BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

 gettext(u'Thank you for your interest in %(edition)s. The facilitators have read your application carefully and have decided not to admit you to this edition.') SSSSS SSS SSS SSSS SSSSSSSS SS SSSSSSSSSSSS SSS SSSSSSSSSSSS SSSS SSSS SSSS SSSSSSSSSSS SSSSSSSSS SSS SSSS SSSSSSS SSS SS SSSSS SSS SS SSSS SSSSSSSS
BB BBBBBB
 gettext(u'Their reason:') 

BBBBB
 gettext(u'You are welcome to apply to a later edition.') 

 gettext(u'Kind regards,') 
 gettext(u'The facilitators of the learning platform') 
BBBBBBBBBBBBB
