BBBB BBBB gettext(u'Welcome to %(edition)s') SSSSSSS SS SSSSSSSSSSS
