BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

 gettext(u'Thank you for your proposal “%(title)s” for the plenary part of “%(meeting)s”. The facilitators have decided not to put it on the programme this time.') SSSSS SSS SSS SSSS SSSSSSSS SSSSSSSSSSS SSS SSS SSSSSSS SSSS SS SSSSSSSSSSSSSS SSS SSSSSSSSSSSS SSSS SSSSSSS SSS SS SSS SS SS SSS SSSSSSSSS SSSS SSSSS

 gettext(u'Their note:') 


 gettext(u'Your proposal and the reactions to it stay on the platform:') 


 gettext(u'Kind regards,\nThe facilitators of %(edition)s') SSSS SSSSSSSS
SSS SSSSSSSSSSSS SS SSSSSSSSSSS
BBBBBBBBBBBBB
