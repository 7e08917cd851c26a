BBBB BBBB gettext(u'About your proposal “%(title)s”') SSSSS SSSS SSSSSSSS SSSSSSSSSSS
