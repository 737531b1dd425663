#include "net/httpserver.h"

#include "core/clock.h"

#include <QHttpServerRequest>
#include <QPointer>
#include <QTcpSocket>

namespace gpufailover {
namespace {

QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    default:
        return "UNKNOWN";
    }
}

QByteArray reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 410:
        return "Gone";
    case 411:
        return "Length Required";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

} // namespace

HttpReply HttpReply::json(int status, const QByteArray &body)
{
    HttpReply r;
    r.status = status;
    r.body = body;
    return r;
}

HttpServer::HttpServer(Clock *clock, Handler handler, QObject *parent)
    : HttpServer(clock,
        AsyncHandler([handler = std::move(handler)](const HttpRequest &r, Respond respond) { respond(handler(r)); }),
        parent)
{ }

HttpServer::HttpServer(Clock *clock, AsyncHandler handler, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_clock(clock)
    , m_handler(std::move(handler))
{ }

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpRequest r;
    r.method = methodName(request.method());
    r.path = request.url().path();
    r.query = request.query();
    for (const auto &h : request.headers())
        r.headers.insert(h.first.toLower(), h.second);
    r.body = request.body();
    r.peer = socket->peerAddress();
    QPointer<QTcpSocket> guard(socket);
    auto answered = std::make_shared<bool>(false);
    m_handler(r, [this, guard, answered](const HttpReply &reply) {
        if (*answered)
            return;
        *answered = true;
        if (guard) // the client may have gone away meanwhile
            deliver(guard, reply);
    });
    return true;
}

void HttpServer::deliver(QTcpSocket *socket, const HttpReply &reply)
{
    if (reply.delayMs <= 0) {
        write(socket, reply);
        return;
    }
    QPointer<QTcpSocket> guard(socket);
    auto timer = m_clock->createTimer(this);
    timer->setSingleShot(true);
    ClockTimer *raw = timer.release();
    connect(raw, &ClockTimer::timeout, this, [this, raw, guard, reply] {
        raw->deleteLater();
        if (guard)
            write(guard, reply);
    });
    raw->start(reply.delayMs);
}

void HttpServer::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    write(socket, HttpReply::json(404, R"({"success":false,"error":"not_found","msg":"no such endpoint"})"));
}

void HttpServer::write(QTcpSocket *socket, const HttpReply &reply)
{
    switch (reply.mode) {
    case HttpReply::Mode::Hang:
        return;
    case HttpReply::Mode::Drop:
        socket->abort();
        return;
    case HttpReply::Mode::EndlessBody:
        socket->write(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{\"offers\":[");
        return;
    case HttpReply::Mode::Normal:
        break;
    }
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reason(reply.status) + "\r\n";
    head += "Content-Type: " + reply.contentType + "\r\n";
    head += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    for (const auto &h : reply.headers)
        head += h.first + ": " + h.second + "\r\n";
    head += "Connection: keep-alive\r\n\r\n";
    socket->write(head);
    socket->write(reply.body);
}

} // namespace gpufailover
