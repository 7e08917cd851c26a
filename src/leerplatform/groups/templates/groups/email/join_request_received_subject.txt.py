BBBB BBBB gettext(u'%(name)s asks to join %(group)s') SSSSSSSS SSSS SS SSSS SSSSSSSSS
