#!/usr/bin/env python3
"""Writes a realistic mail log of a given size, deterministic by seed.

    python3 bench/gen_log.py --format postfix|exim|exchange --size 200M --seed 1 > mail.log

Each message has its full life (Postfix: smtpd -> cleanup -> qmgr -> smtp -> removed; Exim:
<= then => / ** / ==; Exchange: RECEIVE then DELIVER / FAIL / DEFER rows) and the outcomes follow a
fixed mix: 70% delivered, 20% deferred, 10% bounced, with a spread of real status codes. Lines
print to stdout; the mix actually written goes to stderr as JSON.
"""
import argparse, json, random, sys

BOUNCES = [
    ("550", "5.1.1", "<{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table"),
    ("550", "5.7.1", "Service unavailable; Client host [{ip}] blocked using Spamhaus"),
    ("552", "5.2.2", "<{rcpt}>: Mailbox full"),
    ("550", "5.7.26", "This mail is unauthenticated, which poses a security risk to the sender and Gmail users gsmtp"),
    ("554", "5.7.509", "Access denied, sending domain example.com does not pass DMARC verification and has a DMARC policy of reject."),
    ("550", "5.4.1", "Recipient address rejected: Access denied. [AM0PR01MB1234.eurprd01.prod.outlook.com]"),
]
DEFERRALS = [
    ("451", "4.7.1", "Greylisting in action, please come back later"),
    ("421", "4.7.0", "Try again later, closing connection. (EHLO) gsmtp"),
    ("451", "4.7.500", "Server busy. Please try again later from [{ip}]. (AS843)"),
    ("452", "4.2.2", "The email account that you tried to reach is over quota"),
]


def size_arg(text):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(text[:-1]) * units[text[-1].upper()] if text[-1].upper() in units else int(text)


def outcome(rng):
    roll = rng.random()
    if roll < 0.70:
        return "sent", ("250", "2.0.0", "Ok: queued as {qid2}")
    if roll < 0.90:
        return "deferred", rng.choice(DEFERRALS)
    return "bounced", rng.choice(BOUNCES)


def postfix(rng, i, ts):
    qid = "%010X" % rng.getrandbits(40)
    ip = "203.0.113.%d" % (i % 250)
    rcpt = "user%d@example.net" % i
    kind, (reply, code, text) = outcome(rng)
    text = text.format(rcpt=rcpt, ip=ip, qid2="%X" % rng.getrandbits(36))
    pid = rng.randint(1000, 65000)
    lines = [
        f"{ts} mx1 postfix/smtpd[{pid}]: {qid}: client=client{i % 97}.example.org[198.51.100.{i % 200}]",
        f"{ts} mx1 postfix/cleanup[{pid + 1}]: {qid}: message-id=<{i}.{pid}@example.org>",
        f"{ts} mx1 postfix/qmgr[{pid + 2}]: {qid}: from=<sender{i % 13}@example.org>, size={rng.randint(900, 90000)}, nrcpt=1 (queue active)",
    ]
    relay = f"mx.example.net[{ip}]:25"
    if kind == "sent":
        lines.append(f"{ts} mx1 postfix/smtp[{pid + 3}]: {qid}: to=<{rcpt}>, relay={relay}, delay=0.4, delays=0.1/0/0.1/0.2, dsn={code}, status=sent ({reply} {code} {text})")
        lines.append(f"{ts} mx1 postfix/qmgr[{pid + 2}]: {qid}: removed")
    elif kind == "deferred":
        lines.append(f"{ts} mx1 postfix/smtp[{pid + 3}]: {qid}: to=<{rcpt}>, relay={relay}, delay=301, delays=0.1/0/300/0.9, dsn={code}, status=deferred (host mx.example.net[{ip}] said: {reply} {code} {text} (in reply to RCPT TO command))")
    else:
        lines.append(f"{ts} mx1 postfix/smtp[{pid + 3}]: {qid}: to=<{rcpt}>, relay={relay}, delay=1.2, delays=0.1/0/0.5/0.6, dsn={code}, status=bounced (host mx.example.net[{ip}] said: {reply} {code} {text} (in reply to RCPT TO command))")
        lines.append(f"{ts} mx1 postfix/bounce[{pid + 4}]: {qid}: sender non-delivery notification: {'%010X' % rng.getrandbits(40)}")
        lines.append(f"{ts} mx1 postfix/qmgr[{pid + 2}]: {qid}: removed")
    return kind, lines


def exim(rng, i, ts):
    mid = "1r%s-%06d-%s" % ("".join(rng.choice("ABCDEFGHabcdefgh0123456789") for _ in range(4)), i % 999999, "".join(rng.choice("ABCDEFXYZ") for _ in range(2)))
    ip = "203.0.113.%d" % (i % 250)
    rcpt = "user%d@example.net" % i
    kind, (reply, code, text) = outcome(rng)
    text = text.format(rcpt=rcpt, ip=ip, qid2="%X" % rng.getrandbits(36))
    lines = [f"{ts} {mid} <= sender{i % 13}@example.org H=client.example.org [198.51.100.{i % 200}] P=esmtps S={rng.randint(900, 90000)} id={i}@example.org"]
    host = f"mx.example.net [{ip}]"
    if kind == "sent":
        lines.append(f"{ts} {mid} => {rcpt} R=dnslookup T=remote_smtp H={host} C=\"{reply} {code} {text}\"")
        lines.append(f"{ts} {mid} Completed")
    elif kind == "deferred":
        lines.append(f"{ts} {mid} == {rcpt} R=dnslookup T=remote_smtp defer (-44) H={host}: SMTP error from remote mail server after RCPT TO:<{rcpt}>: {reply}-{code} {text}")
    else:
        lines.append(f"{ts} {mid} ** {rcpt} R=dnslookup T=remote_smtp H={host}: SMTP error from remote mail server after RCPT TO:<{rcpt}>: {reply} {code} {text}")
        lines.append(f"{ts} {mid} Completed")
    return kind, lines


EXCHANGE_HEADER = [
    "#Software: Microsoft Exchange Server",
    "#Version: 15.02.1544.004",
    "#Log-type: Message Tracking Log",
    "#Date: 2024-11-04T09:00:00.000Z",
    "#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version",
]


def exchange(rng, i, ts):
    nid = "%08x-%04x-%04x-%04x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(48))
    rcpt = "user%d@example.net" % i
    kind, (reply, code, text) = outcome(rng)
    text = text.format(rcpt=rcpt, ip="203.0.113.%d" % (i % 250), qid2="%X" % rng.getrandbits(36)).replace(",", ";")
    iso = "2024-11-04T09:%02d:%02d.%03dZ" % (i // 60 % 60, i % 60, i % 1000)
    event = {"sent": "SEND", "deferred": "DEFER", "bounced": "FAIL"}[kind]
    row = lambda ev, status: f"{iso},198.51.100.{i % 200},client.example.org,10.0.0.5,EX01,,,SMTP,{ev},{i},<{i}@example.org>,{nid},{rcpt},{status},{rng.randint(900, 90000)},1,,,Quarterly report,sender{i % 13}@example.org,sender{i % 13}@example.org,,Incoming,,,,,Email,{nid},15.02.1544.004"
    status = f"{reply} {code} {text}"
    return kind, [row("RECEIVE", ""), row(event, status)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--format", choices=["postfix", "exim", "exchange"], default="postfix")
    ap.add_argument("--size", type=size_arg, default=size_arg("10M"))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    make = {"postfix": postfix, "exim": exim, "exchange": exchange}[args.format]
    out = sys.stdout
    written = 0
    mix = {"sent": 0, "deferred": 0, "bounced": 0}
    if args.format == "exchange":
        for line in EXCHANGE_HEADER:
            out.write(line + "\n")
            written += len(line) + 1
    i = 0
    while written < args.size:
        second = i % 86400
        if args.format == "postfix":
            ts = "Nov  4 %02d:%02d:%02d" % (second // 3600, second // 60 % 60, second % 60)
        else:
            ts = "2024-11-04 %02d:%02d:%02d" % (second // 3600, second // 60 % 60, second % 60)
        kind, lines = make(rng, i, ts)
        mix[kind] += 1
        chunk = "\n".join(lines) + "\n"
        out.write(chunk)
        written += len(chunk.encode())
        i += 1
    json.dump({"format": args.format, "bytes": written, "messages": i, **mix}, sys.stderr)
    sys.stderr.write("\n")


if __name__ == "__main__":
    main()
