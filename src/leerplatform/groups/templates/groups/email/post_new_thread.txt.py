BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

 _("A member")  gettext(u'%(author)s started a new discussion in your learning group “%(group)s”: “%(title)s”.') SSSSSSSSSS SSSSSSS S SSS SSSSSSSSSS SS SSSS SSSSSSSS SSSSS SSSSSSSSSSSS SSSSSSSSSSSS
BB BBBBBBBBBBBBBBBBB BB BBBBBBBBBB gettext(u'Everyone in the edition can read this discussion.') BBBB gettext(u'Only the members of your group can read this discussion.') BBBBB

XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX

XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX

 gettext(u'Read and reply on the platform:') 


 gettext(u'You receive this email because you are a member of this learning group. You can turn these emails off on the discussions page of your group:') 

BBBBBBBBBBBBB
