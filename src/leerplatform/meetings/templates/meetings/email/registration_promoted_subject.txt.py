BBBB BBBB gettext(u'A place for you: %(meeting)s') S SSSSS SSS SSSS SSSSSSSSSSS
