"""``{% baseline_block %}``: the dashboard's small block comparing each year's realisation with the pagu of the
original or a revised baseline (``?baseline=<id>``; default: the first baseline frozen)."""

from django import template

from masterplans.selectors import active_masterplan

from .. import selectors

register = template.Library()


@register.inclusion_tag("revisions/dashboard_block.html", takes_context=True)
def baseline_block(context):
    request = context.get("request")
    plan = context.get("plan") or active_masterplan()
    items = list(selectors.baselines(plan))
    if not items:
        return {"items": [], "plan": plan}
    chosen = items[0]
    wanted = request.GET.get("baseline") if request is not None else None
    for item in items:
        if str(item.pk) == wanted:
            chosen = item
    return {"items": items, "plan": plan, "chosen": chosen, "data": selectors.realisation_against(plan, chosen)}
