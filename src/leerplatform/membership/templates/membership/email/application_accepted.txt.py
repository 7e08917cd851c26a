BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

 gettext(u'Good news: you have been admitted to %(edition)s. Welcome!') SSSS SSSSS SSS SSSS SSSS SSSSSSSS SS SSSSSSSSSSSS SSSSSSSS

BB BBBBBBBBBBBBBB gettext(u'To log in, first confirm your email address and choose a password through this link:') 


 gettext(u'After that you log in with your email address and that password.') BBBB gettext(u'Log in with your email address (%(email)s) and your password:') SSS SS SSSS SSSS SSSSS SSSSSSS SSSSSSSSSSS SSS SSSS SSSSSSSSS


 gettext(u'Forgot your password? Choose a new one here:') 
BBBBB

 gettext(u'Your dashboard in the edition:') 


 gettext(u'Kind regards,') 
 gettext(u'The facilitators of the learning platform') 
BBBBBBBBBBBBB
