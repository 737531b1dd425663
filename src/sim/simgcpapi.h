#pragma once

#include "core/result.h"
#include "net/httpserver.h"
#include "providers/gcpauth.h"

#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>
#include <variant>

namespace gpufailover {

class Clock;

// The simulated GCP: the OAuth token endpoint, which checks the
// RS256 signature against the service account it issued and the claims (audience, scope,
// lifetime, clock); and Compute v1 instances with asynchronous operations (PENDING, RUNNING,
// DONE with error.errors[]), Google error bodies, per-zone capacity (ZONE_RESOURCE_POOL_EXHAUSTED),
// Spot preemption (TERMINATED plus a compute.instances.preempted operation), and requestId
// idempotency. Latencies follow the simulated clock.
class SimGcpApi final : public QObject
{
    Q_OBJECT
public:
    struct Vm
    {
        QString project, zone, name;
        QString id;
        QString status = QStringLiteral("PROVISIONING");
        QString statusMessage;
        QString natIp;
        QJsonObject body; // as inserted (scheduling, disks, metadata, labels...)
        QString creationTimestamp, lastStartTimestamp, lastStopTimestamp;
        int phase = 0; // bumped by every change; cancels pending steps
        QString sshHost; // a real host behind the VM (tests); port in sshPort
        int sshPort = 0;
    };
    struct Latencies
    {
        qint64 createMs = 25000; // insert → RUNNING
        qint64 startMs = 20000;
        qint64 stopMs = 10000;
        qint64 deleteMs = 8000;
    };

    SimGcpApi(Clock *clock, QObject *parent = nullptr);
    ~SimGcpApi() override;

    void setBaseUrl(const QUrl &url) { m_baseUrl = url; } // for token_uri and links
    // A new service account of `project` whose key file the client can use (token_uri points here).
    GcpServiceAccount issueServiceAccount(const QString &project = QStringLiteral("sim-project"));
    void setLatencies(const Latencies &l) { m_latencies = l; }

    std::optional<HttpReply> handle(const HttpRequest &request);

    // Faults and inspection (also under /_sim/gcp/ on the server).
    void revokeTokens(); // every issued access token becomes invalid (as if it expired)
    void setZoneCapacity(const QString &zone, int vms); // e2-medium VMs a zone can still run; -1 = unlimited
    Status preempt(const QString &zone, const QString &name);
    void failNext(int httpStatus, int count, const QString &reason); // the next N compute calls fail
    void setRealHost(const QString &name, const QString &host, int port); // SSH of a VM, as a test wants
    const Vm *vm(const QString &zone, const QString &name) const;
    QList<const Vm *> vms() const;
    int requestCount(const QString &method) const { return m_requests.value(method); }
    int tokensIssued() const { return m_tokensIssued; }

Q_SIGNALS:
    void vmChanged(const QString &zone, const QString &name);

private:
    struct Operation
    {
        QJsonObject json;
        QString zone;
    };
    HttpReply token(const HttpRequest &request);
    HttpReply compute(const HttpRequest &request, const QString &path);
    // A refusal, or the project the request's token may use.
    std::variant<HttpReply, QString> authorize(const HttpRequest &request);
    HttpReply startOperation(const QString &project, const QString &zone, const QString &type, Vm *vm,
        const QString &requestId, std::function<std::optional<QJsonObject>(Vm &)> finish, qint64 delayMs);
    void after(qint64 ms, std::function<void()> fn);
    QJsonObject vmJson(const Vm &v) const;
    QString link(const QString &path) const;
    int runningIn(const QString &zone) const;

    Clock *m_clock;
    QUrl m_baseUrl;
    Latencies m_latencies;
    QHash<QString, QByteArray> m_publicKeys; // client_email -> public key PEM
    QHash<QString, QString> m_projects; // client_email -> the one project its account may use
    struct Grant
    {
        qint64 expiresMs = 0; // clock ms
        QString project;
    };
    QHash<QString, Grant> m_tokens; // access token -> what it allows
    QMap<QString, Vm> m_vms; // "zone/name"
    QHash<QString, Operation> m_operations; // name -> operation
    QHash<QString, QString> m_requestIds; // requestId -> operation name
    QHash<QString, int> m_capacity; // zone -> VMs it can still run
    QHash<QString, int> m_requests; // "insert", "get", ...
    int m_failCount = 0, m_failStatus = 0;
    QString m_failReason;
    int m_tokensIssued = 0;
    qint64 m_nextId = 4000000000000000000;
    qint64 m_nextOp = 1;
};

} // namespace gpufailover
