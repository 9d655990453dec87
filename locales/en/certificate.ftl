## Certificate of volunteer hours (/certificate) and checking one (/verify)

cmd-certificate = Certificate of my volunteer hours
cmd-verify = Check a certificate
certificate-nothing-yet = You have not been marked present at any event yet, so there are no hours to certify. Volunteer at an event (/events) and check in there: its hours will count.
certificate-caption = 📄 Your certificate of volunteer hours. Its code is { $code }: anybody can check it with /verify { $code } or by scanning its QR code.
certificate-movement = Youth movement of the Assembly of People of Kazakhstan
certificate-heading = Certificate of volunteer hours
certificate-intro = took part as a volunteer in these events of the movement:
certificate-column-event = Event
certificate-column-date = Date
certificate-column-hours = Hours
certificate-row-hours = { $hours } h
certificate-total = Total: { $events ->
    [one] { $events } event
   *[other] { $events } events
    }, { $hours } h of volunteering
certificate-period = Period: { $from } – { $to }
certificate-issued = Issued on { $date }
certificate-code = Verification code: { $code }
certificate-verify-hint = To check that this certificate is genuine, scan the QR code or send /verify { $code } to @{ $bot } in Telegram.
verify-usage = Send the code printed on the certificate, like this: /verify CODE. Or scan the certificate's QR code.
verify-genuine =
    ✅ This certificate is genuine. It states:

    Holder: { $name }
    Events attended: { $events }
    Volunteer hours: { $hours }
    Period: { $from } – { $to }
    Issued on: { $issued }
    Code: { $code }
verify-not-genuine = ❌ No valid certificate has this code. It may be mistyped, or the certificate has been withdrawn.
