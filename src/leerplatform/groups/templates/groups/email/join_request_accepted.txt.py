BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

 gettext(u'Good news: you are now a member of the learning group “%(group)s” in %(edition)s.') SSSS SSSSS SSS SSS SSS S SSSSSS SS SSS SSSSSSSS SSSSS SSSSSSSSSSS SS SSSSSSSSSSSS

 gettext(u"The group's page, with its members, work plan and discussions:") 


 gettext(u'Kind regards,') 
 gettext(u'The learning platform') 
BBBBBBBBBBBBB
