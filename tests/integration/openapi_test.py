#!/usr/bin/env python3
"""The discusd API document (src/daemon/api/openapi.yaml) is an interface designed before the
daemon: this keeps it honest. Debian has no OpenAPI validator, so the OpenAPI 3.1 rules that
matter are checked here with PyYAML and jsonschema (Draft 2020-12, the dialect OpenAPI 3.1 uses):

  - it parses, says openapi 3.1.x, and every $ref points at something in the document;
  - every schema (components and inline) is a valid JSON Schema 2020-12 schema;
  - every operation has a unique operationId, known tags, roles from the three roles, its path
    parameters declared (and only those), and answers every 4xx/5xx with the one Error shape;
  - the surface issue 14 item 4 asks for is there (jobs, copies, devices, events as SSE, store,
    PACS queries, import and holds, robots, configuration, audit, users, roles, auth);
  - every example validates against its schema, and the schemas can refuse (mutated examples);
  - the JSON src/jobs really writes (job list, whole jobs, events; from discus_jobs_api_samples)
    validates against JobList, Job and Event, and the document's JobSpec examples parse in C++.
  - discusd's route table (`discusd --routes`) has the same operations, ids and roles.
Usage: openapi_test.py SOURCE_DIR API_SAMPLES_PROGRAM [DISCUSD]
"""
import copy
import json
import re
import subprocess
import sys
import tempfile
import warnings

import jsonschema
import yaml

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def walk(node, path=""):
    """Yields (json_pointer, dict) for every mapping in the document."""
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from walk(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, f"{path}/{i}")


def resolve(doc, ref):
    node = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def validator(doc, ref):
    # RefResolver is what Debian 12's jsonschema (4.10) offers; later versions deprecate it.
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    resolver = jsonschema.RefResolver(base_uri="", referrer=doc)
    return jsonschema.Draft202012Validator({"$ref": ref}, resolver=resolver)


def errors(doc, ref, instance):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(doc, ref).iter_errors(instance)]


def main():
    source, samples_program = sys.argv[1], sys.argv[2]
    with open(f"{source}/src/daemon/api/openapi.yaml", encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    check(str(doc.get("openapi", "")).startswith("3.1."), "openapi 3.1.x")
    check(doc.get("jsonSchemaDialect") == "https://json-schema.org/draft/2020-12/schema", "dialect is 2020-12")
    check(bool(doc.get("info", {}).get("title")) and bool(doc["info"].get("version")), "info has title and version")

    # Every $ref resolves, and is local (the document stands alone).
    refs = [(p, n["$ref"]) for p, n in walk(doc) if isinstance(n.get("$ref"), str)]
    bad = [f"{p}: {r}" for p, r in refs if not r.startswith("#/") or resolve(doc, r) is None]
    check(not bad, f"all {len(refs)} $refs resolve" + (f": {bad[:5]}" if bad else ""))

    # Every schema is a valid 2020-12 schema.
    schemas = [(f"/components/schemas/{k}", v) for k, v in doc["components"]["schemas"].items()]
    schemas += [(p + "/schema", n["schema"]) for p, n in walk(doc["paths"], "/paths") if isinstance(n.get("schema"), dict)]
    schemas += [(p + "/schema", n["schema"]) for p, n in walk(doc["components"]["parameters"], "/components/parameters")
                if isinstance(n.get("schema"), dict)]
    bad = []
    for p, s in schemas:
        try:
            jsonschema.Draft202012Validator.check_schema(s)
        except jsonschema.SchemaError as e:
            bad.append(f"{p}: {e.message}")
    check(not bad, f"all {len(schemas)} schemas are valid JSON Schema 2020-12" + (f": {bad[:3]}" if bad else ""))

    # Operations.
    roles = set(resolve(doc, "#/components/schemas/Role")["enum"])
    tags = {t["name"] for t in doc.get("tags", [])}
    # RFC 9457: errors are application/problem+json documents.
    error_responses = {k for k, v in doc["components"]["responses"].items()
                       if v.get("content", {}).get("application/problem+json", {}).get("schema", {}).get("$ref")
                       == "#/components/schemas/Error"}
    check(len(error_responses) >= 10, f"{len(error_responses)} error responses are application/problem+json")
    ops = {}
    for path, item in doc["paths"].items():
        check(path.startswith("/v1/"), f"{path} is under /v1/")
        templated = set(re.findall(r"{([^}]+)}", path))
        shared = item.get("parameters", [])
        for method, op in item.items():
            if method not in ("get", "put", "post", "delete", "patch"):
                continue
            where = f"{method.upper()} {path}"
            oid = op.get("operationId")
            check(oid and oid not in ops, f"{where}: unique operationId {oid}")
            ops[oid] = (method, path, op)
            params = [resolve(doc, p["$ref"]) if "$ref" in p else p for p in shared + op.get("parameters", [])]
            declared = {p["name"] for p in params if p["in"] == "path"}
            check(declared == templated, f"{where}: path parameters {sorted(declared)} match the template")
            check(all(p.get("required") for p in params if p["in"] == "path"), f"{where}: path parameters required")
            check(set(op.get("tags", [])) <= tags and op.get("tags"), f"{where}: tags declared")
            r = op.get("x-discus-roles")
            check(isinstance(r, list) and set(r) <= roles, f"{where}: x-discus-roles from {sorted(roles)}")
            responses = op.get("responses", {})
            check(any(c.startswith("2") for c in responses), f"{where}: has a success response")
            for code, resp in responses.items():
                if code[0] in "45":
                    ref = resp.get("$ref", "")
                    check(ref.split("/")[-1] in error_responses, f"{where}: {code} answers the Error shape")
            if op.get("security") != [{}]:
                check("401" in responses and "403" in responses, f"{where}: says 401 and 403")

    # The surface issue 14 item 4 names.
    wanted = ["submitJob", "listJobs", "showJob", "cancelJob", "retryJob", "pauseJob", "resumeJob", "listCopies",
              "listDevices", "streamEvents", "browseStore", "purgeStoredStudy", "purgeStore", "queryNode",
              "getImportInventory", "listHolds", "decideHold", "listRobots", "acknowledgeRobotAlert", "getConfig",
              "setConfig", "listAudit", "getAuditMessage", "listUsers", "createUser", "listRoles", "issueToken",
              "login", "getReleaseRecord", "getHealth"]
    missing = [w for w in wanted if w not in ops]
    check(not missing, f"the surface of issue 14 item 4 ({len(wanted)} operations)" + (f": missing {missing}" if missing else ""))
    sse = ops.get("streamEvents", (None, None, {}))[2].get("responses", {}).get("200", {}).get("content", {})
    check("text/event-stream" in sse, "events are a Server-Sent Events stream")
    check(bool(doc["components"]["securitySchemes"].get("bearerToken", {}).get("scheme") == "bearer"),
          "TCP clients use bearer tokens")

    # The `discus jobs --json` shape of issue 14 "Interfaces".
    job_states = resolve(doc, "#/components/schemas/JobState")["enum"]
    check(sorted(job_states) == sorted(["queued", "running", "done", "failed", "cancelled", "held"]),
          "job states are exactly the issue's six")
    copy_schema = resolve(doc, "#/components/schemas/Copy")
    check({"n", "state", "verified", "output"} <= set(copy_schema["required"]), "a copy has n, state, verified, output")
    check(set(resolve(doc, "#/components/schemas/JobSummary")["required"]) >= {"id", "state", "copies"},
          "a job has id, state, copies")
    error_props = resolve(doc, "#/components/schemas/Error")["properties"]
    check({"code", "message", "file", "offset", "tag", "pointer"} <= set(error_props),
          "the error shape has code, message and file/offset/tag/pointer for input errors")

    # Examples validate; mutated ones are refused (the schemas can fail).
    count = 0
    for name, s in doc["components"]["schemas"].items():
        for i, ex in enumerate(s.get("examples", [])):
            e = errors(doc, f"#/components/schemas/{name}", ex)
            check(not e, f"example {i} of {name} validates" + (f": {e[:3]}" if e else ""))
            count += 1
    for p, n in walk(doc, ""):
        schema = n.get("schema") if isinstance(n.get("schema"), dict) else None
        if not schema or "$ref" not in schema:
            continue
        examples = ([n["example"]] if "example" in n else []) + [v["value"] for v in n.get("examples", {}).values()
                                                                   if isinstance(n.get("examples"), dict)]
        for ex in examples:
            e = errors(doc, schema["$ref"], ex)
            check(not e, f"example at {p} validates" + (f": {e[:3]}" if e else ""))
            count += 1
    check(count >= 10, f"{count} examples checked")
    job_list = resolve(doc, "#/components/schemas/JobList")["examples"][0]
    for mutate, what in [(lambda j: j[0].update(state="paused"), "a job state outside the six"),
                         (lambda j: j[0]["copies"][0].pop("verified"), "a copy without verified"),
                         (lambda j: j[0].update(colour="blue"), "an unknown member")]:
        bad_list = copy.deepcopy(job_list)
        mutate(bad_list)
        check(bool(errors(doc, "#/components/schemas/JobList", bad_list)), f"JobList refuses {what}")
    check(bool(errors(doc, "#/components/schemas/JobSpec", {"kind": "author"})), "JobSpec refuses author without author")

    # What src/jobs really writes.
    spec_examples = [json.dumps(e) for e in resolve(doc, "#/components/schemas/JobSpec")["examples"]]
    with tempfile.TemporaryDirectory(prefix="discus-openapi-") as tmp:
        run = subprocess.run([samples_program, tmp] + spec_examples, capture_output=True, text=True)
    check(run.returncode == 0, "the JobSpec examples parse in C++ (spec_from_text)" + (f": {run.stderr}" if run.returncode else ""))
    if run.returncode == 0:
        samples = json.loads(run.stdout)
        e = errors(doc, "#/components/schemas/JobList", samples["list"])
        check(not e, f"the job list src/jobs writes ({len(samples['list'])} jobs) validates as JobList" + (f": {e[:3]}" if e else ""))
        states = {j["state"] for j in samples["list"]} | {c["state"] for s in samples["show"] for c in s["attempts"]}
        check({"running", "held", "failed", "cancelled", "queued", "rejected", "burning", "done"} <= states,
              f"the samples cover the states ({sorted(states)})")
        bad = [e for s in samples["show"] for e in errors(doc, "#/components/schemas/Job", s)]
        check(not bad, "every whole job src/jobs writes validates as Job" + (f": {bad[:3]}" if bad else ""))
        bad = [e for ev in samples["events"] for e in errors(doc, "#/components/schemas/Event", ev)]
        check(not bad, f"all {len(samples['events'])} recorded events validate as Event" + (f": {bad[:3]}" if bad else ""))
        summary_keys = {k for j in samples["list"] for k in j}
        check(summary_keys <= set(resolve(doc, "#/components/schemas/JobSummary")["properties"]),
              "the list writes no member the document does not describe")

    # discusd's route table (`discusd --routes`) is the document's operations: same methods, paths,
    # operation ids and roles (x-discus-roles), so the daemon cannot drift from its interface.
    if len(sys.argv) > 3:
        run = subprocess.run([sys.argv[3], "--routes"], capture_output=True, text=True)
        check(run.returncode == 0, "discusd --routes runs")
        if run.returncode == 0:
            routes = {(r["method"].lower(), r["path"]): r for r in json.loads(run.stdout)}
            documented = {(m, p): op for oid, (m, p, op) in ops.items()}
            check(set(routes) == set(documented), "discusd routes exactly the documented operations" +
                  (f": only routed {sorted(set(routes) - set(documented))[:3]}, only documented "
                   f"{sorted(set(documented) - set(routes))[:3]}" if set(routes) != set(documented) else ""))
            bad = [f"{m.upper()} {p}" for (m, p), r in routes.items() if (m, p) in documented and
                   (r["operationId"] != documented[(m, p)]["operationId"] or
                    sorted(r["roles"]) != sorted(documented[(m, p)].get("x-discus-roles", [])))]
            check(not bad, "discusd's operation ids and roles match x-discus-roles" + (f": {bad[:5]}" if bad else ""))

    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
