def test_axe_helper_reports_a_missing_label(page, assert_accessible):
    # Proves the accessibility check can fail: a field without a label is a violation.
    page.set_content('<html lang="de"><title>t</title><main><input type="text"></main></html>')

    try:
        assert_accessible(page, "harness self-test")
    except AssertionError as error:
        assert "label" in str(error)
    else:
        raise AssertionError("axe found no violation on an unlabelled field")
