"""The documents that follow the award: the AIPD (and its CNIL PIA export), the AIDF, the exit
plan and the public deployer's registration sheet. Context building only (pure); rendering goes
through :mod:`sovereignty.documents.render` with the one ``lifecycle.docx`` template."""
