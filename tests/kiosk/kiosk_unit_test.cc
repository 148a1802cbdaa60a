// Unit tests of the kiosk's pure parts: the HTTP/1.1 response parser (Content-Length, chunked,
// split anywhere), the SSE parser (WHATWG HTML 9.2: ids, comments, multi-line data, CRLF), job
// progress and time left, PN display, the PIN vault (PBKDF2, never the PIN on disk), and the
// C-FIND keys a PACS search sends (PS3.4 C.2.2.2: wild card, date range), settings typed as text
// sent as their JSON type (RFC 7396 patch values), and the secure variant of a profile.
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include "admin_session.h"
#include "http_wire.h"
#include "job_progress.h"
#include "json_list_model.h"
#include "burn_flow.h"
#include "pacs_search.h"
#include "settings_model.h"

using namespace discus::ui;

class KioskUnitTest : public QObject {
  Q_OBJECT
 private slots:
  void content_length_split_byte_by_byte() {
    const QByteArray wire = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"id\":17}";
    HttpResponseParser p;
    for (char c : wire) p.feed(QByteArray(1, c));
    QVERIFY(p.complete());
    QCOMPARE(p.status(), 201);
    QCOMPARE(p.body(), QByteArray("{\"id\":17}"));
    QCOMPARE(p.header("content-type"), QByteArray("application/json"));
  }
  void chunked_with_extensions_and_trailers() {
    HttpResponseParser p;
    p.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nWiki\r\n5\r\npedia\r\n");
    QVERIFY(!p.complete());
    p.feed("0\r\nX-Trailer: 1\r\n\r\n");
    QVERIFY(p.complete());
    QCOMPARE(p.body(), QByteArray("Wikipedia"));
  }
  void no_body_statuses_and_close_framing() {
    HttpResponseParser p;
    p.feed("HTTP/1.1 204 No Content\r\n\r\n");
    QVERIFY(p.complete());
    HttpResponseParser q;
    q.feed("HTTP/1.0 200 OK\r\n\r\nabc");
    QVERIFY(!q.complete());
    q.finish();
    QVERIFY(q.complete());
    QCOMPARE(q.body(), QByteArray("abc"));
  }
  void garbage_fails() {
    HttpResponseParser p;
    p.feed("SMTP ready\r\n");
    QVERIFY(p.failed());
    HttpResponseParser q;
    q.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    QVERIFY(q.failed());
    HttpResponseParser cut;
    cut.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    cut.finish();
    QVERIFY(cut.failed());
  }
  void sse_events_ids_comments() {
    SseParser s;
    auto e = s.feed(": keep-alive\n\nid: 42\nevent: copy-state\ndata: {\"a\":1}\n\n");
    QCOMPARE(e.size(), 1);
    QCOMPARE(e[0].id, QByteArray("42"));
    QCOMPARE(e[0].type, QByteArray("copy-state"));
    QCOMPARE(e[0].data, QByteArray("{\"a\":1}"));
    e = s.feed("data: x\r\ndata:y\r\n");
    QCOMPARE(e.size(), 0);  // not dispatched before the blank line
    e = s.feed("\r\n");
    QCOMPARE(e.size(), 1);
    QCOMPARE(e[0].data, QByteArray("x\ny"));
    QCOMPARE(e[0].type, QByteArray("message"));
    QCOMPARE(e[0].id, QByteArray("42"));  // the last event id persists
  }
  void progress_fraction() {
    JobProgress p;
    p.copies = 2;
    QCOMPARE(p.fraction(), 0.0);
    p.copies_done = 1;
    QCOMPARE(p.fraction(), 0.5);
    p.step = "burn";
    p.step_done = 5;
    p.step_total = 10;
    QVERIFY(qAbs(p.fraction() - (1 + 0.45 + 0.4 * 0.5) / 2) < 1e-9);
    p.copies_done = 2;
    QCOMPARE(p.fraction(), 1.0);  // a finished job ignores a stale step
    p.copies = 0;
    QCOMPARE(p.fraction(), 0.0);
  }
  void time_left() {
    TimeLeftEstimator t;
    QCOMPARE(t.seconds_left(), -1);
    t.add(0, 0.0);
    t.add(1000, 0.1);
    QCOMPARE(t.seconds_left(), -1);  // under 2 s of samples
    t.add(10000, 0.5);
    QCOMPARE(t.seconds_left(), 10);  // 0.5 in 10 s: 10 s for the rest
    t.add(11000, 0.2);               // a remake went back: start again
    QCOMPARE(t.seconds_left(), -1);
  }
  void person_names() {
    QCOMPARE(display_person_name("DOE^JANE^^DR"), QString("DOE, DR JANE"));
    QCOMPARE(display_person_name("Yamada^Tarou=山田^太郎=やまだ^たろう"), QString("Yamada, Tarou · 山田, 太郎 · やまだ, たろう"));
    QCOMPARE(display_person_name(""), QString());
  }
  void pin_vault() {
    QTemporaryDir dir;
    const QString path = dir.filePath("pin.json");
    PinVault v(path);
    QVERIFY(!v.has_pin());
    QVERIFY(!v.check("4711"));
    QVERIFY(!v.set_pin("12"));        // too short
    QVERIFY(!v.set_pin("12ab"));      // not digits
    QVERIFY(v.set_pin("4711"));
    QVERIFY(v.has_pin());
    QVERIFY(v.check("4711"));
    QVERIFY(!v.check("4712"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(!text.contains("4711"));
    QVERIFY(text.contains("pbkdf2-hmac-sha256"));
    QCOMPARE(int(f.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther)), 0);
    QVERIFY(v.set_pin("0815"));  // a second PIN: the same PIN twice gives a new salt
    QVERIFY(!v.check("4711"));
    QVERIFY(v.check("0815"));
  }
  void pacs_dates() {
    QCOMPARE(PacsSearch::date_key("20261201"), QString("20261201"));
    QCOMPARE(PacsSearch::date_key(" 2026-12-01 "), QString("20261201"));
    QCOMPARE(PacsSearch::date_key("1.12.2026"), QString("20261201"));
    QCOMPARE(PacsSearch::date_key("2026-12-01 - 2026-12-31"), QString("20261201-20261231"));
    QCOMPARE(PacsSearch::date_key("20261201-"), QString("20261201-"));
    QCOMPARE(PacsSearch::date_key("-2026-12-01"), QString("-20261201"));
    QCOMPARE(PacsSearch::date_key("yesterday"), QString());
    QCOMPARE(PacsSearch::date_key("2026-12"), QString());
    QCOMPARE(PacsSearch::date_key("about 20261201"), QString());
  }
  void pacs_keys() {
    auto k = PacsSearch::query_keys("Doe", "", "");
    QCOMPARE(k.value("PatientName").toString(), QString("Doe*"));  // PS3.4 C.2.2.2.4: the start of the name
    QCOMPARE(k.value("PatientID").toString(), QString());           // a return key
    QVERIFY(k.contains("StudyInstanceUID") && k.contains("NumberOfStudyRelatedInstances"));
    k = PacsSearch::query_keys("12345", "2026-12-01", " A-77 ");
    QCOMPARE(k.value("PatientID").toString(), QString("12345"));
    QCOMPARE(k.value("PatientName").toString(), QString());
    QCOMPARE(k.value("StudyDate").toString(), QString("20261201"));
    QCOMPARE(k.value("AccessionNumber").toString(), QString("A-77"));
    QCOMPARE(PacsSearch::query_keys("PAT-0042", "", "").value("PatientID").toString(), QString("PAT-0042"));
    QCOMPARE(PacsSearch::query_keys("MÜLLER^JÖ*", "", "").value("PatientName").toString(), QString("MÜLLER^JÖ*"));
    QCOMPARE(PacsSearch::query_keys("0042-7", "", "").value("PatientID").toString(), QString("0042-7"));
  }
  void settings_as_json() {
    QCOMPARE(SettingsModel::parse(" 3 ", QJsonValue(2), "kiosk.default_copies"), QJsonValue(3));
    QCOMPARE(SettingsModel::parse("three", QJsonValue(2), "kiosk.default_copies"), QJsonValue("three"));  // the service refuses it
    QCOMPARE(SettingsModel::parse("query, retrieve,", QJsonValue(), "pacs.p1.roles"), QJsonValue(QJsonArray{"query", "retrieve"}));
    QCOMPARE(SettingsModel::parse("", QJsonValue(QJsonArray{"STD-GEN-CD"}), "kiosk.profiles_allowed"), QJsonValue(QJsonArray{}));
    QCOMPARE(SettingsModel::parse("false", QJsonValue(true), "x.flag"), QJsonValue(false));
    QCOMPARE(SettingsModel::parse(" Klinik ", QJsonValue("a"), "site.institution"), QJsonValue("Klinik"));
    QCOMPARE(SettingsModel::to_text(QJsonValue(QJsonArray{"query", "retrieve"})), QString("query, retrieve"));
    QCOMPARE(SettingsModel::to_text(QJsonValue(120)), QString("120"));
    QCOMPARE(SettingsModel::to_text(QJsonValue()), QString());
    QCOMPARE(SettingsModel::label_of("pacs.p1.port"), QString("PACS p1: port"));
  }
  void secure_profiles() {
    QCOMPARE(BurnFlow::secure_profile("STD-GEN-CD"), QString("STD-GEN-SEC-CD"));
    QCOMPARE(BurnFlow::secure_profile("STD-GEN-DVD-JPEG"), QString("STD-GEN-SEC-DVD-JPEG"));
    QCOMPARE(BurnFlow::secure_profile("STD-GEN-USB-JPEG"), QString("STD-GEN-SEC-USB-JPEG"));
    QCOMPARE(BurnFlow::secure_profile("STD-GEN-SEC-CD"), QString("STD-GEN-SEC-CD"));
    // each one the kiosk may ask for exists in profiles/
    for (const char* p : {"STD-GEN-SEC-CD", "STD-GEN-SEC-DVD-JPEG", "STD-GEN-SEC-USB-JPEG"})
      QVERIFY2(QFile::exists(QStringLiteral(DISCUS_SOURCE_DIR "/profiles/%1.json").arg(p)), p);
  }
};

QTEST_GUILESS_MAIN(KioskUnitTest)
#include "kiosk_unit_test.moc"
