BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBBBB BBBBBBBB gettext(u'Edit document') BBBB gettext(u'Add a document') BBBBB X  gettext(u'Library') BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXXXXXXXXXXXXXX
    XX XXXXXXXXXXXXXXXXXXBB BBBBBBBBXX XXXXXXXXX XXXXBBBBXX XXXXXXBBB BBBBBBBBBBBBBBBBB BBBBBBBBBBBBXXX  gettext(u'Library') XXXXBBBBBXXXX
    XXXXXXX XXXXXXXXXXXXXXXXXXXX
      XX XXXXXXXXXXXXXXXX gettext(u'Library')  X XXXX
      XXXXBB BBBBBBBB gettext(u'Edit document') BBBB gettext(u'Add a document') BBBBBXXXXX
      BB BBB BBBBBBBBXXX gettext(u'Share what you made — a toolkit, a publication, minutes — with its files. You choose who may see it.') XXXXBBBBB
    XXXXXXXXX
    XXXXX XXXXXXXXXXXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXX BB BBB BBBBBBBBXXXXXXXXXXXXXXXXXXXXXXXXXXXXX BBBBBXXXXXXXXXXX
      BBBBBBBBBB
      XX XXXXXXXXXXXXXXBB BBBBBBBB gettext(u'Title, summary, kind, authors, who may see it and the licence are required.') BBBB gettext(u'Title, summary, kind, at least one file, authors, who may see it and the licence are required.') BBBBBXXXX
      BB BBBBBBBBBBB
        XX XXXXXXXXXXXXXX XXXXXXXXXXXXXXX XXXXXXXXXXXXXBB BBBBBBBB gettext(u'Please correct the fields marked below; everything you typed has been kept.') BBBB gettext(u'Please correct the fields marked below; everything you typed has been kept, but choose your files again.') BBBBBXXXX
      BBBBB
      
      BBB BBBBB BB BBBBXXXX XXXXXXXXXXXX XXXXXXXXXXXXXXXBBBBBB
      XXXX XXXXXXXXXXXXXXXXXXXXX
        XXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXXBB BBBBBBBB gettext(u'Save changes') BBBB gettext(u'Add to the library') BBBBBXXXXXXXXX
        XX XXXXXXBB BBBBBBBBBBBBBBB BBBBBBBBBBBBBBBBB BBBBBBBBBBBBBBBBBXX gettext(u'Cancel') XXXX
      XXXXXX
    XXXXXXX
  XXXXXX
BBBBBBBB
