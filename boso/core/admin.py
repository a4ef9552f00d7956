from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("boso – administrasjon")
admin.site.site_title = _("boso")
