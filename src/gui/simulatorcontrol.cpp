#include "gui/simulatorcontrol.h"

#include "gui/mainwindow.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkReply>

namespace gpufailover {

Q_LOGGING_CATEGORY(lcSimulatorControl, "gpufailover.gui.simulator")

SimulatorControl::SimulatorControl(QUrl simulator, QObject *parent)
    : QObject(parent)
    , m_url(std::move(simulator))
{ }

void SimulatorControl::addTo(MainWindow &window)
{
    window.addDemoAction(tr("Kill the primary"), [this] { inject(Fault::KillPrimary); });
    window.addDemoAction(tr("Hang the primary"), [this] { inject(Fault::HangPrimary); });
    window.addDemoAction(tr("Lose the whole host"), [this] { inject(Fault::LoseHost); });
}

void SimulatorControl::inject(Fault fault, std::function<void(bool, const QString &)> done)
{
    QJsonObject pool;
    for (const QJsonValue &v : std::as_const(m_pools)) {
        if (v.toObject().value(QStringLiteral("primary_gpu_id")).isDouble()) {
            pool = v.toObject();
            break;
        }
    }
    const auto finish = [this, done](bool ok, const QString &message) {
        Q_EMIT injected(message, ok);
        if (done)
            done(ok, message);
    };
    if (pool.isEmpty())
        return finish(false, tr("No pool has a primary to break yet."));
    const qint64 primary = pool.value(QStringLiteral("primary_gpu_id")).toInteger();
    const qint64 machine = pool.value(QStringLiteral("host_machine_id")).toInteger();
    switch (fault) {
    case Fault::KillPrimary:
        return post(QStringLiteral("/_sim/instances/%1/kill").arg(primary), finish);
    case Fault::HangPrimary:
        return post(QStringLiteral("/_sim/instances/%1/hang").arg(primary), finish);
    case Fault::LoseHost:
        return post(QStringLiteral("/_sim/hosts/%1/kill").arg(machine), finish);
    }
}

void SimulatorControl::post(const QString &path, std::function<void(bool, const QString &)> done)
{
    QUrl url = m_url;
    url.setPath(path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setTransferTimeout(10000);
    QNetworkReply *reply = m_nam.post(request, QByteArrayLiteral("{}"));
    connect(reply, &QNetworkReply::finished, this, [reply, path, done] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool ok = status == 200;
        const QString message = ok
            ? tr("Simulator: %1 done.").arg(path)
            : tr("Simulator: %1 refused: %2")
                  .arg(path,
                      reply->error() == QNetworkReply::NoError ? QString::fromUtf8(reply->readAll().left(200))
                                                               : reply->errorString());
        qCInfo(lcSimulatorControl).noquote() << message;
        done(ok, message);
    });
}

void SimulatorControl::fetchCredentials(std::function<void(const QJsonObject &)> done)
{
    QUrl url = m_url;
    url.setPath(QStringLiteral("/_sim/credentials"));
    QNetworkRequest request(url);
    request.setTransferTimeout(10000);
    QNetworkReply *reply = m_nam.get(request);
    connect(reply, &QNetworkReply::finished, this, [reply, done] {
        reply->deleteLater();
        const QJsonObject answer = reply->error() == QNetworkReply::NoError
            ? QJsonDocument::fromJson(reply->readAll()).object()
            : QJsonObject();
        if (answer.isEmpty())
            qCWarning(lcSimulatorControl).noquote() << "the simulator gave no credentials:" << reply->errorString();
        done(answer);
    });
}

ProvisionWizard::Prefill SimulatorControl::prefillOf(const QJsonObject &keys)
{
    const QJsonObject s3 = keys.value(QStringLiteral("s3")).toObject();
    ProvisionWizard::Prefill prefill;
    prefill.vastKey = keys.value(QStringLiteral("vast_api_key")).toString();
    prefill.gcpServiceAccountJson = keys.value(QStringLiteral("gcp_service_account_json")).toString();
    prefill.snapshotAccessKeyId = keys.value(QStringLiteral("snapshot_access_key_id")).toString();
    prefill.snapshotSecretAccessKey = keys.value(QStringLiteral("snapshot_secret_access_key")).toString();
    prefill.snapshotEndpoint = s3.value(QStringLiteral("endpoint")).toString();
    prefill.snapshotBucket = s3.value(QStringLiteral("bucket")).toString();
    prefill.snapshotCaCertFile = s3.value(QStringLiteral("ca_cert_file")).toString();
    return prefill;
}

} // namespace gpufailover
