BBBB BBBB gettext(u'Your application for %(edition)s') SSSS SSSSSSSSSSS SSS SSSSSSSSSSS
