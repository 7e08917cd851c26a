BBBB BBBB gettext(u'Your application for %(edition)s: please confirm your email address') SSSS SSSSSSSSSSS SSS SSSSSSSSSSSS SSSSSS SSSSSSS SSSS SSSSS SSSSSSS
