BBBB BBBB gettext(u'Welcome to %(group)s') SSSSSSS SS SSSSSSSSS
