"""The demo edition: the seed's 2019–2020 platform with fictional people, loaded by `manage.py load_demo`."""
