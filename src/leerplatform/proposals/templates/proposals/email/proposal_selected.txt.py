BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

 gettext(u'Good news: the facilitators have chosen your proposal “%(title)s” for the plenary workshop of “%(meeting)s” on %(date)s. It is now on the programme of that day.') SSSS SSSSS SSS SSSSSSSSSSSS SSSS SSSSSS SSSS SSSSSSSS SSSSSSSSSSS SSS SSS SSSSSSS SSSSSSSS SS SSSSSSSSSSSSS SS SSSSSSSSS SS SS SSS SS SSS SSSSSSSSS SS SSSS SSSS
BB BBBB
 gettext(u'Note from the facilitators:') 

BBBBB
 gettext(u'They will contact you to prepare the workshop together. Your proposal:') 


 gettext(u'Kind regards,\nThe facilitators of %(edition)s') SSSS SSSSSSSS
SSS SSSSSSSSSSSS SS SSSSSSSSSSS
BBBBBBBBBBBBB
