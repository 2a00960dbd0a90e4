"""What a browser posts back from the admin's change pages, for tests that save through it."""


def change_form_data(response) -> dict:
    """What the browser would post back from an admin change page, untouched."""
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            value = field.prepare_value(form[name].value())
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            data[form.add_prefix(name)] = (
                [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
            )
    return data


def inline_key(data: dict, prefix: str, field: str) -> str:
    (key,) = [key for key in data if key.startswith(prefix + "-") and key.endswith("-" + field)]
    return key
