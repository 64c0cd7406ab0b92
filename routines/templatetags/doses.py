from django import template

from routines import doses

register = template.Library()


@register.filter
def dose_text(dose):
    return doses.dose_text(dose)
