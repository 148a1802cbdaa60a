// A Media Creation Management SCU (PS3.4 Annex S) made of dcmjs-dimse, a DIMSE implementation no
// one here wrote, for tests/integration/mcm_test.py: one association, the requests of a plan in
// order, every response printed as one JSON array on stdout.
//
//   node mcm_scu.mjs '{"host": "127.0.0.1", "port": 11112, "calling": "RIS", "called": "DISCUS",
//                      "requests": [{"op": "create", "uid": "1.2.3", "dataset": {...}},
//                                   {"op": "initiate", "uid": "1.2.3", "dataset": {"NumberOfCopies": "2"}},
//                                   {"op": "get", "uid": "1.2.3"}, {"op": "cancel", "uid": "1.2.3"}]}'
// Data sets are dcmjs's naturalized JSON (keywords of PS3.6). Exit 0 when the association ran
// (whatever the statuses), 1 on a network or association error.
import dimse from 'dcmjs-dimse';

const { Client, Dataset } = dimse;
const { NCreateRequest, NActionRequest, NGetRequest, NSetRequest } = dimse.requests;

const MCM = '1.2.840.10008.5.1.1.33';
const plan = JSON.parse(process.argv[2]);
const results = [];

function request(r) {
  switch (r.op) {
    case 'create': return new NCreateRequest(MCM, r.uid || '');
    case 'initiate': return new NActionRequest(MCM, r.uid, 1);
    case 'cancel': return new NActionRequest(MCM, r.uid, 2);
    case 'action': return new NActionRequest(MCM, r.uid, r.type);
    case 'get': return new NGetRequest(MCM, r.uid, []);
    case 'set': return new NSetRequest(MCM, r.uid);
    default: throw new Error(`unknown op ${r.op}`);
  }
}

const client = new Client();
for (const r of plan.requests) {
  const rq = request(r);
  if (r.dataset) rq.setDataset(new Dataset(r.dataset));
  rq.on('response', (rsp) => {
    const out = {
      op: r.op,
      status: rsp.getStatus(),
      uid: rsp.getAffectedSopInstanceUid ? rsp.getAffectedSopInstanceUid() : undefined,
      comment: rsp.getErrorComment ? rsp.getErrorComment() : undefined,
    };
    const ds = rsp.getDataset ? rsp.getDataset() : undefined;
    if (ds) out.dataset = ds.getElements();
    results.push(out);
  });
  client.addRequest(rq);
}
let failed = false;
client.on('networkError', (e) => {
  failed = true;
  console.error(`network error: ${e && e.message ? e.message : e}`);
});
client.on('associationRejected', (e) => {
  failed = true;
  console.error(`association rejected: ${JSON.stringify(e)}`);
});
client.on('closed', () => {
  console.log(JSON.stringify(results));
  process.exit(failed ? 1 : 0);
});
client.send(plan.host, plan.port, plan.calling, plan.called, { associationTimeout: 30000, pduTimeout: 30000 });
