BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

 _("A member")  gettext(u'%(author)s replied in the discussion “%(title)s” of your learning group “%(group)s”.') SSSSSSSSSS SSSSSSS SS SSS SSSSSSSSSS SSSSSSSSSSS SS SSSS SSSSSSSS SSSSS SSSSSSSSSSSS

XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX

XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX

 gettext(u'Read the whole discussion and reply on the platform:') 


 gettext(u'You receive this email because you are a member of this learning group. You can turn these emails off on the discussions page of your group:') 

BBBBBBBBBBBBB
