#include "providers/httpexchange.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <memory>

namespace gpufailover {

void httpExchange(
    QNetworkAccessManager *nam, const HttpRequestSpec &spec, QObject *receiver, std::function<void(HttpAnswer)> done)
{
    QNetworkRequest request(spec.url);
    for (const auto &[name, value] : spec.headers)
        request.setRawHeader(name, value);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("gpufailover"));
    if (!spec.contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, spec.contentType);
    request.setTransferTimeout(spec.transferTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = nam->sendCustomRequest(request, spec.method, spec.body);
    const qint64 cap = spec.maxBodyBytes;
    auto tooLarge = std::make_shared<bool>(false);
    auto timedOut = std::make_shared<bool>(false);
    QObject::connect(
        reply, &QNetworkReply::downloadProgress, reply, [reply, cap, tooLarge](qint64 received, qint64 total) {
            if (received > cap || total > cap) {
                *tooLarge = true;
                reply->abort();
            }
        });
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    QObject::connect(deadline, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    deadline->start(spec.totalTimeoutMs);
    QObject::connect(reply, &QNetworkReply::finished, receiver, [reply, cap, tooLarge, timedOut, done] {
        reply->deleteLater();
        HttpAnswer a;
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (*tooLarge) {
            a.failure = HttpAnswer::Failure::TooLarge;
        } else if (*timedOut || reply->error() == QNetworkReply::OperationCanceledError
            || reply->error() == QNetworkReply::TimeoutError) {
            a.failure = HttpAnswer::Failure::Timeout;
        } else if (a.status == 0) {
            a.failure = HttpAnswer::Failure::Network;
            a.detail = reply->errorString();
        } else {
            a.body = reply->readAll();
            if (a.body.size() > cap)
                a.failure = HttpAnswer::Failure::TooLarge;
        }
        done(std::move(a));
    });
}

} // namespace gpufailover
