#pragma once

#include <QObject>
#include <QString>

class QLocalServer;

namespace gpufailover {

// One desktop app per data directory: the first listens on a local socket named after the
// directory; a second launch tells it to raise its window and exits.
class SingleInstance final : public QObject
{
    Q_OBJECT
public:
    explicit SingleInstance(const QString &dataDir, QObject *parent = nullptr);
    // True when another instance answered (and was asked to show itself): this one should exit.
    bool askRunningToRaise();
    // Become the instance others find. False when the socket cannot be created.
    bool listen();

Q_SIGNALS:
    void raiseRequested();

private:
    QString m_name;
    QLocalServer *m_server = nullptr;
};

} // namespace gpufailover
