BBBB BBBB gettext(u'Your request to join %(group)s') SSSS SSSSSSS SS SSSS SSSSSSSSS
