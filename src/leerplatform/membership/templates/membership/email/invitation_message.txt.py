BBBB BBBBBBBBBBBBBB BBBBB BBBBBBBBBBBBBBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSSBBBB gettext(u'Hello,') BBBBB

BB BBBBBBB gettext(u'%(inviter)s invites you to take part in %(edition)s, a professional learning network on Leerplatform.') SSSSSSSSSSS SSSSSSS SSS SS SSSS SSSS SS SSSSSSSSSSSS S SSSSSSSSSSSS SSSSSSSS SSSSSSS SS SSSSSSSSSSSSSBBBB gettext(u'You are invited to take part in %(edition)s, a professional learning network on Leerplatform.') SSS SSS SSSSSSS SS SSSS SSSS SS SSSSSSSSSSSS S SSSSSSSSSSSS SSSSSSSS SSSSSSS SS SSSSSSSSSSSSSBBBBB

 gettext(u'Accept the invitation with this personal link:') 


 gettext(u'The link works once and is valid until %(date)s.') SSS SSSS SSSSS SSSS SSS SS SSSSS SSSSS SSSSSSSSS
 gettext(u'If you already have an account with this email address, you log in with it; otherwise you choose a password.') 

 gettext(u'Did you not expect this email? Then you can ignore it.') 

XXXXXXXXXXXX
BBBBBBBBBBBBB
