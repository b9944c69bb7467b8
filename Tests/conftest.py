"""pytest puts this folder on sys.path (it holds a conftest.py), so every test module can import
the helpers kept here, such as `medprep_tool.medprep_binary`."""
