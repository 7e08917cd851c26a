BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

 gettext(u'At the meeting “%(title)s” on %(date)s every learning group presents its progress. Your group has not written its progress report for it yet.') SS SSS SSSSSSS SSSSSSSSSSS SS SSSSSSSS SSSSS SSSSSSSS SSSSS SSSSSSSS SSS SSSSSSSSS SSSS SSSSS SSS SSS SSSSSSS SSS SSSSSSSS SSSSSS SSS SS SSSS

 gettext(u'Any member of the group can write it, until %(deadline)s: what you did, what you learned, results and products, next steps and questions for the plenary.') SSS SSSSSS SS SSS SSSSS SSS SSSSS SSS SSSSS SSSSSSSSSSSSS SSSS SSS SSSS SSSS SSS SSSSSSSS SSSSSSS SSS SSSSSSSSS SSSS SSSSS SSS SSSSSSSSS SSS SSS SSSSSSSS
BBB BBBBBBBBBBB BBB BB BBBBBBB
X

BBBBBB
 gettext(u'Kind regards,\nThe facilitators of %(edition)s') SSSS SSSSSSSS
SSS SSSSSSSSSSSS SS SSSSSSSSSSS
BBBBBBBBBBBBB
