BBBB BBBBBBBBBBBBBB BBB gettext(u'Hello,') 

 gettext(u'%(name)s asks to join your learning group “%(group)s” in %(edition)s.') SSSSSSSS SSSS SS SSSS SSSS SSSSSSSS SSSSS SSSSSSSSSSS SS SSSSSSSSSSSS
BB BBBBBBBBBBBBBBBBBBBB
 gettext(u'Their message:') 


BBBBB
 gettext(u'As a coordinator you accept or decline the request on the members page:') 


 gettext(u'Kind regards,') 
 gettext(u'The learning platform') 
BBBBBBBBBBBBB
