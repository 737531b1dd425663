#include "gui/daemonlink.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

namespace gpufailover {

DaemonLink::DaemonLink(int port, QString token, QObject *parent)
    : QObject(parent)
    , m_port(port)
    , m_token(std::move(token))
{
    connect(&m_timer, &QTimer::timeout, this, &DaemonLink::refresh);
}

void DaemonLink::start(int intervalMs)
{
    m_timer.start(intervalMs);
    refresh();
}

QNetworkReply *DaemonLink::send(const QByteArray &method, const QString &path)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)));
    request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("gpufailover-gui"));
    request.setTransferTimeout(5000);
    if (method == "GET")
        return m_nam.get(request);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return m_nam.sendCustomRequest(request, method, QByteArrayLiteral("{}"));
}

void DaemonLink::refresh()
{
    QNetworkReply *reply = send("GET", QStringLiteral("/api/pools"));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError)
            return Q_EMIT unreachable(reply->errorString());
        Q_EMIT poolsChanged(
            QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("pools")).toArray());
    });
}

void DaemonLink::drill(const QString &pool)
{
    QNetworkReply *reply = send("POST", QStringLiteral("/api/warmpool/failover/test?pool=%1").arg(pool));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        Q_EMIT actionDone(QStringLiteral("drill"), status == 202, body.value(QStringLiteral("message")).toString());
        refresh();
    });
}

void DaemonLink::setAutomationPaused(const QString &pool, bool paused)
{
    QNetworkReply *reply = send("POST",
        QStringLiteral("/api/pools/%1/%2").arg(pool, paused ? QStringLiteral("pause") : QStringLiteral("resume")));
    connect(reply, &QNetworkReply::finished, this, [this, reply, paused] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        Q_EMIT actionDone(paused ? QStringLiteral("pause") : QStringLiteral("resume"), status == 200, {});
        refresh();
    });
}

} // namespace gpufailover
