"""Product facts: what each piece of software n5gc targets is, runs as and reads, in one place.

The plan speaks of roles (core, AMF, SMF, UPF, NRF, gNB, CU, DU); a product module says how a role
is packaged: which chart (repository, name, version) or image, which NFs under which names, which
Services on which ports, what the product supports and refuses (limits). Checks, the planner and the
targets import these facts from here; none of them keeps a copy.

One module per product: `open5gs` (the Open5GS core on the Gradiant charts), `ueransim`, `srsran`,
(and `oai_cn`, `oai_ran` for OpenAirInterface). Each module is plain data, so that a newcomer reads
it top to bottom:
- a docstring saying which upstream release the facts were read from, and where (file, tag);
- module-level constants in UPPER_CASE (chart coordinates `CHART`, `CHART_REPO`, `CHART_VERSION`;
  ports; limits such as `MAX_UES_PER_PROCESS` or `RESERVED_TACS`; what it supports such as `SPLITS`),
  each with a comment saying why it holds;
- small frozen dataclasses where a fact has parts (`packaging.ServicePort`, `ueransim.Release`);
- small pure functions for facts that are rules (`open5gs.tun_device`, `open5gs.mongodb_uri`).
No registry, no plug-in machinery: a caller imports the module of the product it deals with.
The one exception is the core: `packaging.py` is the small interface through which the planner (and
names, placement, the README) asks the product chosen by `core.flavor` how a role is packaged
(chart source, Services and ports, fullnames, database URI, tun device); `open5gs.PACKAGING` and
`oai_cn.PACKAGING` answer it and `packaging.core_packaging(flavor)` picks one, so no stage branches
on the flavor.

Products sit below checks, plan and targets in the import order: they import nothing of n5gc
(only the standard library and `n5gc.products.packaging`), so any stage may import them
(tests/test_products.py holds this).
"""
