"""Dates on the client's pages in the words of the page's language: the weekday, then that
language's own day-and-month format ("Saturday 5 December", "sábado 5 de diciembre")."""

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def weekday_and_date(day):
    return f"{date_format(day, 'l')} {date_format(day, 'MONTH_DAY_FORMAT')}"
