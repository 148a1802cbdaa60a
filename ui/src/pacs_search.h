// discus::ui — "find the study" on a PACS (issue 20, burn flow): the configured nodes that answer
// queries (GET /v1/nodes, role "query" or no roles given), a Study Root C-FIND at STUDY level
// through the service (POST /v1/nodes/{node}/query, PS3.4 C.4.1) by patient name or ID, study date
// and accession number, the matches as rows a person reads (name, birth date, date, description,
// modalities, images). A chosen study is fetched to this station by POST /v1/nodes/{node}/retrieve
// (a C-MOVE, PS3.4 C.4.2, into discusd's own store) where the node has the "retrieve" role; then
// retrieved(uid) hands it to the burn flow, which burns it from the store. A node without that
// role, or a station without a DICOM listener, is said in words with what to do instead.
//   PacsSearch p(api); p.loadNodes(); p.setNode("pacs1"); p.search("DOE", "20261201-", ""); p.choose(0); p.retrieve();
#pragma once

#include <QObject>
#include <QString>
#include <QVariantMap>

namespace discus::ui {

class ApiClient;
class JsonListModel;

class PacsSearch : public QObject {
  Q_OBJECT
  Q_PROPERTY(QObject* nodes READ nodes CONSTANT)      // name, ae_title, label
  Q_PROPERTY(QObject* results READ results CONSTANT)  // the matches, decorated
  Q_PROPERTY(QString node READ node WRITE set_node NOTIFY changed)  // "" = this station's store
  Q_PROPERTY(QString status READ status NOTIFY changed)  // idle, searching, ready, error, retrieving
  Q_PROPERTY(QString message READ message NOTIFY changed)  // what went wrong, or "none found"
  Q_PROPERTY(int chosen READ chosen NOTIFY changed)          // -1: none
  Q_PROPERTY(QString chosenText READ chosen_text NOTIFY changed)
  Q_PROPERTY(QString chosenAdvice READ chosen_advice NOTIFY changed)
  Q_PROPERTY(bool retrieveAvailable READ retrieve_available NOTIFY changed)  // the node may be asked to send it
 public:
  explicit PacsSearch(ApiClient* api, QObject* parent = nullptr);

  QObject* nodes() const;
  QObject* results() const;
  QString node() const { return node_; }
  void set_node(const QString& n);
  QString status() const { return status_; }
  QString message() const { return message_; }
  int chosen() const { return chosen_; }
  QString chosen_text() const;
  QString chosen_advice() const;
  bool retrieve_available() const;
  QVariantMap chosen_match() const;  // the chosen match's keys, {} when none

  Q_INVOKABLE void loadNodes();
  // text: a name (matched as the start of it) or, when it has a digit, a Patient ID;
  // date: YYYYMMDD or a PS3.4 C.2.2.2.5 range (YYYYMMDD-YYYYMMDD, YYYYMMDD-, -YYYYMMDD); accession
  // as typed. Empty keys are return keys only.
  Q_INVOKABLE void search(const QString& text, const QString& date, const QString& accession);
  Q_INVOKABLE void choose(int row);
  Q_INVOKABLE void retrieve();  // the chosen study to this station's store, then retrieved(uid)
  Q_INVOKABLE void clear();  // forget the patient (idle timeout, home)
  void demo();               // invented matches (screenshots)
  void retranslate();        // the decorated words again, in the new language

  // The C-FIND keys for a search, as the service takes them (PS3.6 keywords). Pure: unit-tested.
  static QJsonObject query_keys(const QString& text, const QString& date, const QString& accession);
  // "2026-12-01", "20261201-" or "1.12.2026" to a DA match value; "" when it is not a date.
  static QString date_key(const QString& typed);

 signals:
  void changed();
  // the whole study is in this station's store: `completed` instances came (RetrieveResult)
  void retrieved(const QString& study_uid, int completed);

 private:
  void set_status(const QString& s, const QString& m);
  ApiClient* api_;
  JsonListModel* nodes_;
  JsonListModel* results_;
  QString node_;
  QString status_ = QStringLiteral("idle");
  QString message_;
  int chosen_ = -1;
  int generation_ = 0;
  bool demo_ = false;
};

}  // namespace discus::ui
