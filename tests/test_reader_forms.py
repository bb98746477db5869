"""The readers of Twig's form functions and Liquid's form tag: the forms and fields they render,
at the call's line and column; a call they cannot read stays template code."""

from __future__ import annotations

import pytest

from privlint.readers import ReadOptions
from privlint.readers.liquid import read_liquid
from privlint.readers.twig import read_twig

from conftest import assert_reads_in_linear_time


def twig(text: str) -> str:
    return read_twig(text, ReadOptions()).source


def liquid(text: str) -> str:
    return read_liquid(text, ReadOptions()).source


def test_form_start_with_a_hash_that_holds_braces():
    out = twig("{{ form_start(form, {action: path('pay'), attr: {class: 'c'}}) }}<p>x</p>{{ form_end(form) }}")
    assert out.startswith('<form action="/') and 'class="c"' in out
    assert ") }}" not in out and out.endswith("</form>")


def test_a_widget_is_named_after_its_form_and_field():
    out = twig("{{ form_start(f) }}{{ form_widget(f.payment.number, {attr: {autocomplete: 'off'}}) }}{{ form_end(f) }}")
    assert "[payment][number]" in out and 'autocomplete="off"' in out


def test_form_row_writes_its_label():
    out = twig("{{ form_start(f) }}{{ form_row(f.card_number) }}{{ form_end(f) }}")
    assert ">Card number</label>" in out


def test_a_widget_outside_a_form_start_is_written_apart():
    reading = read_twig("<p>{{ form_widget(form.number) }}</p>", ReadOptions())
    assert "<p></p>" in reading.source and len(reading.parts) == 2
    first, second = reading.parts
    assert "<input" in reading.source[second[0] : second[1]]


def test_a_checked_widget_is_a_checkbox():
    out = twig("{{ form_start(f) }}{{ form_widget(f.news, {'attr': {'checked': 'checked'}}) }}{{ form_end(f) }}")
    assert 'type="checkbox"' in out and 'checked="checked"' in out


def test_liquid_form_types_post_to_the_shop():
    out = liquid("{% form 'customer_login', class: 'login' %}<input name='x'>{% endform %}")
    assert out.startswith('<form method="post" action="/account/login" accept-charset="UTF-8" class="login">')
    assert out.endswith("</form>")


def test_a_liquid_form_of_an_unknown_type_is_same_site():
    out = liquid("{% form 'app_form' %}{% endform %}")
    assert 'action="/' in out


def test_a_liquid_form_of_a_computed_type_stays_code():
    out = liquid("{% form form_type %}{% endform %}")
    assert "<form" not in out


CRAFTED = {
    "twig open calls": (read_twig, lambda n: "{{ form_start(f, {" * (n // 18)),
    "twig nested hashes": (read_twig, lambda n: "{{ form_start(f) }}{{ form_widget(f.a, " + "{a: " * (n // 4) + " }}"),
    "liquid open tags": (read_liquid, lambda n: "{% form 'a', b: " * (n // 16)),
}


@pytest.mark.parametrize("shape", sorted(CRAFTED))
def test_reading_is_linear_on_crafted_input(shape):
    read, make = CRAFTED[shape]
    assert_reads_in_linear_time(read, make(20_000), make(200_000), shape)


# --- Django: {{ form.x }} as the widget the project's form class declares ---------------

FORMS_PY = '''
from django import forms

class PaymentForm(forms.Form):
    card_number = forms.CharField(max_length=19)
    cvc = forms.CharField(widget=forms.TextInput(attrs={"autocomplete": "off", "size": 4}))
    expiry = forms.CharField(widget=forms.TextInput(attrs=expiry_attrs))
    note = forms.CharField(widget=MyWidget())

class SignupForm(forms.ModelForm):
    class Meta:
        widgets = {"newsletter": forms.CheckboxInput(attrs={"checked": True})}
'''
PAY_HTML = (
    "<!DOCTYPE html>\n<html><body>\n<form method='post' action='/pay'>\n"
    "  {{ form.card_number }}\n  {{ form.cvc }}\n  {{ form.expiry }}\n  {{ form.note }}\n"
    "</form>\n<a href='/privacy/'>Privacy</a>\n</body></html>\n"
)


def test_form_classes_declare_widgets_and_attributes():
    from privlint.readers.django_forms import declared_fields

    fields = {f[0]: f for f in declared_fields(FORMS_PY)}
    assert fields["card_number"] == ("card_number", "text", (), False)
    assert fields["cvc"] == ("cvc", "text", (("autocomplete", "off"), ("size", "4")), False)
    assert fields["expiry"][3] is True  # attributes that code gives
    assert "note" not in fields  # a widget of the project's own
    assert fields["newsletter"] == ("newsletter", "checkbox", (("checked", "checked"),), False)
    assert declared_fields("def broken(:\n") == []


def test_fields_two_forms_declare_differently_stay_unknown():
    from privlint.readers.django_forms import agreed

    assert agreed([("a", "text", (), False), ("a", "email", (), False), ("b", "text", (), False)]) == (("b", "text", (), False),)


def django_project(tmp_path, with_manage=True):
    from conftest import write

    if with_manage:
        write(tmp_path / "manage.py", "")
    write(tmp_path / "shop" / "forms.py", FORMS_PY)
    write(tmp_path / "shop" / "templates" / "pay.html", PAY_HTML)
    from privlint import config as config_mod
    from privlint.engine import Linter

    linter = Linter(config_mod.Config(base_dir=tmp_path), select=["PRV401"], cwd=tmp_path, all_occurrences=True)
    return linter.run([str(tmp_path / "shop" / "templates" / "pay.html")])


def test_a_django_field_is_judged_by_its_declared_widget(tmp_path):
    result = django_project(tmp_path)
    assert [(f.region.line, f.region.column) for f in result.findings] == [(4, 6)]
    assert "(form.card_number)" in result.findings[0].message


def test_outside_a_django_project_fields_stay_template_code(tmp_path):
    assert django_project(tmp_path, with_manage=False).findings == []


# --- review mends ------------------------------------------------------------------------------


def test_django_fields_whose_class_has_code_have_unknown_attributes(tmp_path):
    from privlint.readers.django_forms import declared_fields

    source = (
        "from django import forms\n"
        "class PaymentForm(forms.Form):\n"
        "    card_number = forms.CharField(max_length=19)\n"
        "    def __init__(self, *a, **k):\n"
        "        super().__init__(*a, **k)\n"
        "        self.fields['card_number'].widget.attrs.update({'autocomplete': 'off'})\n"
        "class PlainForm(forms.Form):\n"
        "    cvc = forms.CharField()\n"
        "class MixedForm(StyledMixin, forms.Form):\n"
        "    iban = forms.CharField()\n"
    )
    assert sorted(declared_fields(source)) == [
        ("card_number", "text", (), True), ("cvc", "text", (), False), ("iban", "text", (), True)]


def test_a_django_field_inside_an_attribute_value_is_its_value_and_other_languages_are_not_django(tmp_path, monkeypatch):
    (tmp_path / "manage.py").write_text("")
    (tmp_path / "forms.py").write_text("from django import forms\nclass Pay(forms.Form):\n    cvc = forms.CharField()\n")
    page = '<form action="/pay" method="post">\n  <input type="text" name="cvc" value="{{ form.cvc }}" autocomplete="off">\n</form>\n'
    (tmp_path / "pay.html").write_text(page)
    (tmp_path / "pay.liquid").write_text(page)
    monkeypatch.chdir(tmp_path)
    from privlint import config as config_mod
    from privlint.engine import Linter

    assert Linter(config_mod.Config(), select=["PRV401"]).run(["pay.html", "pay.liquid"]).findings == []


def test_twig_form_start_with_computed_attributes_leaves_them_unknown(tmp_path, monkeypatch):
    (tmp_path / "pay.html.twig").write_text(
        "{{ form_start(form, {attr: form_attributes}) }}{{ form_widget(form.cardNumber) }}{{ form_end(form) }}\n")
    monkeypatch.chdir(tmp_path)
    from privlint import config as config_mod
    from privlint.engine import Linter

    assert Linter(config_mod.Config(), select=["PRV401"]).run(["pay.html.twig"]).findings == []


@pytest.mark.parametrize("default, ticked", [("'yes'", False), ("'on'", False), ("'true'", False),
                                            ("1", True), ("'1'", True), ("true", True)])
def test_woocommerce_ticks_a_checkbox_only_for_values_equal_to_1(tmp_path, monkeypatch, default, ticked):
    (tmp_path / "checkout.php").write_text(
        "<?php woocommerce_form_field('marketing_optin', array('type' => 'checkbox', "
        f"'label' => 'Send me marketing emails', 'default' => {default})); ?>\n")
    monkeypatch.chdir(tmp_path)
    from privlint import config as config_mod
    from privlint.engine import Linter

    found = Linter(config_mod.Config(), select=["PRV304"]).run(["checkout.php"]).findings
    assert bool(found) is ticked, [f.message for f in found]


def test_a_blade_form_call_written_with_its_namespace_is_placed_at_the_call(tmp_path, monkeypatch):
    page = ("<form action=\"/pay\" method=\"post\">\n"
            "{!! \\Form::text('cvv') !!}\n"
            "{!! Collective\\Html\\FormFacade::text('card_number') !!}\n</form>\n")
    (tmp_path / "pay.blade.php").write_text(page)
    monkeypatch.chdir(tmp_path)
    from privlint import config as config_mod
    from privlint.engine import Linter

    found = Linter(config_mod.Config(), select=["PRV401"]).run(["pay.blade.php"]).findings
    assert [(f.region.line, f.region.column) for f in found] == [(2, 5), (3, 5)]
    assert "\\Form::text('cvv')" in found[0].message
    assert "Collective\\Html\\FormFacade::text('card_number')" in found[1].message


def test_django_form_classes_in_excluded_folders_are_not_read(tmp_path):
    from privlint.engine import PathMatcher, django_form_fields

    (tmp_path / "manage.py").write_text("")
    (tmp_path / "shop").mkdir()
    (tmp_path / "legacy").mkdir()
    (tmp_path / "shop" / "forms.py").write_text("from django import forms\nclass A(forms.Form):\n    email = forms.EmailField()\n")
    (tmp_path / "legacy" / "forms.py").write_text("from django import forms\nclass B(forms.Form):\n    cvc = forms.CharField()\n")
    assert [f[0] for f in django_form_fields(tmp_path)] == ["cvc", "email"]
    assert [f[0] for f in django_form_fields(tmp_path, PathMatcher(["legacy/"], tmp_path))] == ["email"]
