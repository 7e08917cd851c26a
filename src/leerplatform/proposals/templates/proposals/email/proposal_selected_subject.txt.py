BBBB BBBB gettext(u'Your proposal “%(title)s” has been chosen') SSSS SSSSSSSS SSSSSSSSSSS SSS SSSS SSSSSS
