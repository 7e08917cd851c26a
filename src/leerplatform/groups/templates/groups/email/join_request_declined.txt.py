BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

 gettext(u'The coordinators of the learning group “%(group)s” in %(edition)s have not accepted your request to join this time.') SSS SSSSSSSSSSSS SS SSS SSSSSSSS SSSSS SSSSSSSSSSS SS SSSSSSSSSSS SSSS SSS SSSSSSSS SSSS SSSSSSS SS SSSS SSSS SSSSS

 gettext(u'Other learning groups of the edition may be a good place for you:') 


 gettext(u'Kind regards,') 
 gettext(u'The learning platform') 
BBBBBBBBBBBBB
