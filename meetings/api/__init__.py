"""The open data API: the public record as OParl 1.1 JSON (https://oparl.org).

`objects` turns the models into OParl objects (System, Body, Organization, Person,
Membership, Meeting, AgendaItem, File) and this portal's extensions in the same style
(Decision, Assignment, Agreement); `views` serves them as objects and paginated lists,
with `modified_since` and `modified_until` for harvesters. Every query goes through the
models' `visible_to` rules, so an anonymous client sees exactly what an anonymous visitor
of the pages sees. Plain Django views and `JsonResponse`: OParl is read-only JSON with
its own list format, which a REST framework would have to be bent to.
"""
