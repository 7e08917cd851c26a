BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Edit the work plan')  X BBBBBBBB
BBBBB BBBBBBB
  BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBB
  XXXXXXX XXXXXXXXXXXXXXXXXXXX
    XX XXXXXXXXXXXXXXXXXXXX
    XXXX gettext(u'Edit the work plan') XXXXX
    BB BBBBBBBB
    BBBB BBBBBB
      XX XXXXXXXXXXXXXX _("someone")  gettext(u'You are editing version %(number)s, saved by %(name)s on %(date)s.') SSS SSS SSSSSSS SSSSSSS SSSSSSSSSSS SSSSS SS SSSSSSSS SS SSSSSSSSS
         gettext(u'Saving creates a new version; the earlier ones stay in the history.') XXXX
    BBBB
      XX XXXXXXXXXXXXXX gettext(u'The group has no work plan yet. Write the first version together.') XXXX
    BBBBB
  XXXXXXXXX

  BB BBBBBBBB
    XXXX XXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXX
      XX XXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXX
    XXXXXX
    XXXXXXXX XXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXX
      XXXXXXXXX gettext(u'What changed in version %(number)s') SSSS SSSSSSS SS SSSSSSS SSSSSSSSSSXXXXXXXXXX
      BB BBBBBBBBBBBBB
         gettext(u'Version %(number)s (where you started)') SSSSSSS SSSSSSSSSS SSSSSS SSS SSSSSSSS
      BBBB
         gettext(u'Before (no work plan yet)') 
      BBBBB
       _("someone")  gettext(u'Version %(number)s by %(name)s') SSSSSSS SSSSSSSSSS SS SSSSSSSS
      BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB BBBBBBBBBBBBBBBBBB BBBBBBBBBBBBBBBBBBB BBBBBBBBBBBBBBBBBBB
    XXXXXXXXXX
  BBBBB

  XXXXX XXXXXXXXXXXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXX XXXXXXXXXXX
    BBBBBBBBBB
    
    XX XXXXXXXXXXXXXX gettext(u'Every part is optional. You can use Markdown: **bold**, *italic*, lists with a dash, links.') XXXX
    BB BBBBBBBBBBB BBB BBB BBBBBBBB
      XX XXXXXXXXXXXXXX XXXXXXXXXXXXXXX XXXXXXXXXXXXX gettext(u'Please correct the fields marked below; everything you typed has been kept.') XXXX
    BBBBB
    
    BBB BBBBB BB BBBBBBBBBBBBBBBBXXXX XXXXXXXXXXXXXXXXXXXXBBBBBB
    XXXX XXXXXXXXXXXXXXXXXXXXX
      XXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXXBB BBBBBBBB gettext(u'Save my text as a new version') BBBB gettext(u'Save as a new version') BBBBBXXXXXXXXX
      XX XXXXXXBBB BBBBBBBBBBBBBBBBB BBBBBBBBXX gettext(u'Cancel') XXXX
    XXXXXX
  XXXXXXX
BBBBBBBB
