#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QObject;

namespace gpufailover {

// One HTTP request/answer with the limits every provider client needs: a transfer timeout, a
// bound on the whole call (an answer that trickles forever), and a cap on the body size.
// Retries, pacing and error meaning stay with each client.
struct HttpRequestSpec
{
    QByteArray method = "GET";
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers; // never logged
    QByteArray body;
    QByteArray contentType;
    int transferTimeoutMs = 30000;
    int totalTimeoutMs = 120000;
    qint64 maxBodyBytes = 8 * 1024 * 1024;
};

struct HttpAnswer
{
    enum class Failure { None, Timeout, Network, TooLarge };
    Failure failure = Failure::None;
    QString detail; // for Network: the transport's error text
    int status = 0;
    QByteArray body;
};

// `done` runs on `receiver`'s thread, from the event loop; never if `receiver` is gone.
void httpExchange(
    QNetworkAccessManager *nam, const HttpRequestSpec &spec, QObject *receiver, std::function<void(HttpAnswer)> done);

} // namespace gpufailover
