"""The link to the national document-exchange axis (Trục liên thông văn bản quốc gia, VDXP;
Decision 28/2018/QĐ-TTg): the transport of the edXML packages and status messages that
egov.documents.services.exchange stores in its outbox.

- adapters/: the contract (base.py) and the HTTP adapter (http.py); EGOV_AXIS_ADAPTER picks one;
- services/: the periodic jobs `exchange_axis_send_pending` and `exchange_axis_fetch`;
- simulator.py: a local stand-in of the axis (`manage.py axis_simulator`), testing.py its helpers;
- conf.py: the settings (EGOV_AXIS_*).
"""
