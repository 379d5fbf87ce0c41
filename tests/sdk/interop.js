'use strict';
// Signs and verifies webhook requests with the providers' own Node libraries, for tst_sdk_interop.
//
//   node interop.js verify CASE.json   -> {"verifier", "valid", "tamperedValid", "error"}
//   node interop.js sign CASE.json     -> {"signer", "url", "headers": [[name, value]…], "bodyBase64"}
//   node interop.js stripe-header CASE.json -> {"valid", "error"}
//
// A verify case is the request as it arrived: {scheme, key, method, url, headers: [[name, value]…], bodyBase64}.
// "tamperedValid" is the same verifier's answer for a copy changed where the scheme's signature should notice.
// Schemes whose provider publishes no Node verifier are checked with the algorithm the provider documents, and the
// verifier's name says so.

const crypto = require('node:crypto');
const fs = require('node:fs');
const querystring = require('node:querystring');

const path = require('node:path');

/** The installed version of a package (read from its package.json: some do not export it). */
function version(name) {
    return JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function headerMap(pairs) {
    const map = {};
    for (const [name, value] of pairs) {
        const key = name.toLowerCase();
        if (!(key in map))
            map[key] = value;
    }
    return map;
}

function hmac(digest, key, data, encoding) {
    return crypto.createHmac(digest, key).update(data).digest(encoding);
}

function equal(a, b) {
    const x = Buffer.from(String(a));
    const y = Buffer.from(String(b));
    return x.length === y.length && crypto.timingSafeEqual(x, y);
}

// Each verifier takes {key, url, headers (lower-case map), body (Buffer)} and resolves to true/false (throws count as
// false). Each tamper returns a changed copy of the request.
const appendToBody = (req) => ({ ...req, body: Buffer.concat([req.body, Buffer.from(' ')]) });

const verifiers = {
    stripe: {
        name: 'stripe@' + version('stripe') + ' stripe.webhooks.constructEvent',
        verify: (req) => {
            const Stripe = require('stripe');
            const stripe = new Stripe('sk_test_interop');
            stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], req.key);
            return true;
        },
        tamper: appendToBody,
    },
    svix: {
        name: 'svix@' + version('svix') + ' Webhook.verify',
        verify: (req) => {
            const { Webhook } = require('svix');
            new Webhook(req.key).verify(req.body.toString('utf8'), {
                'svix-id': req.headers['svix-id'],
                'svix-timestamp': req.headers['svix-timestamp'],
                'svix-signature': req.headers['svix-signature'],
            });
            return true;
        },
        tamper: appendToBody,
    },
    'standard-webhooks': {
        name: 'standardwebhooks@' + version('standardwebhooks') + ' Webhook.verify',
        verify: (req) => {
            const { Webhook } = require('standardwebhooks');
            new Webhook(req.key).verify(req.body.toString('utf8'), {
                'webhook-id': req.headers['webhook-id'],
                'webhook-timestamp': req.headers['webhook-timestamp'],
                'webhook-signature': req.headers['webhook-signature'],
            });
            return true;
        },
        tamper: appendToBody,
    },
    'standard-webhooks-v1a': {
        // The reference libraries verify v1 (HMAC) only; v1a is checked as the spec defines it, with node:crypto.
        name: 'no official Node verifier for v1a: the Standard Webhooks spec\'s Ed25519 check with node:crypto',
        verify: (req) => {
            const raw = Buffer.from(req.key.replace(/^whpk_/, ''), 'base64');
            const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
            const publicKey = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
            const signed = Buffer.concat([
                Buffer.from(`${req.headers['webhook-id']}.${req.headers['webhook-timestamp']}.`),
                req.body,
            ]);
            const now = Math.floor(Date.now() / 1000);
            if (Math.abs(now - Number(req.headers['webhook-timestamp'])) > 300)
                return false;
            return req.headers['webhook-signature'].split(' ').some((entry) => entry.startsWith('v1a,')
                && crypto.verify(null, signed, publicKey, Buffer.from(entry.slice(4), 'base64')));
        },
        tamper: appendToBody,
    },
    resend: {
        name: 'resend@' + version('resend') + ' resend.webhooks.verify',
        verify: (req) => {
            const { Resend } = require('resend');
            new Resend('re_interop').webhooks.verify({
                payload: req.body.toString('utf8'),
                headers: {
                    id: req.headers['svix-id'],
                    timestamp: req.headers['svix-timestamp'],
                    signature: req.headers['svix-signature'],
                },
                webhookSecret: req.key,
            });
            return true;
        },
        tamper: appendToBody,
    },
    github: {
        name: '@octokit/webhooks-methods@' + version('@octokit/webhooks-methods') + ' verify',
        verify: async (req) => {
            const { verify } = await import('@octokit/webhooks-methods');
            return verify(req.key, req.body.toString('utf8'), req.headers['x-hub-signature-256']);
        },
        tamper: appendToBody,
    },
    'github-sha1': {
        name: 'no official Node verifier for SHA-1 (octokit verifies sha256 only): GitHub\'s documented HMAC-SHA1',
        verify: (req) => equal(req.headers['x-hub-signature'], 'sha1=' + hmac('sha1', req.key, req.body, 'hex')),
        tamper: appendToBody,
    },
    slack: {
        name: '@slack/bolt@' + version('@slack/bolt') + ' verifySlackRequest',
        verify: (req) => {
            const { verifySlackRequest } = require('@slack/bolt');
            verifySlackRequest({
                signingSecret: req.key,
                body: req.body.toString('utf8'),
                headers: {
                    'x-slack-signature': req.headers['x-slack-signature'],
                    'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
                },
            });
            return true;
        },
        tamper: appendToBody,
    },
    shopify: {
        name: '@shopify/shopify-api@' + version('@shopify/shopify-api')
            + ' shopify.webhooks.validate (web-api adapter)',
        verify: async (req) => {
            require('@shopify/shopify-api/adapters/web-api');
            const { shopifyApi, ApiVersion, LogSeverity } = require('@shopify/shopify-api');
            const shopify = shopifyApi({
                apiKey: 'interop-key',
                apiSecretKey: req.key,
                scopes: [],
                hostName: 'localhost',
                apiVersion: ApiVersion.January25,
                isEmbeddedApp: false,
                logger: { level: LogSeverity.Error, log: () => {} },
            });
            const rawRequest = new Request(req.url, {
                method: req.method,
                headers: Object.entries(req.headers),
                body: req.body,
            });
            const result = await shopify.webhooks.validate({ rawBody: req.body.toString('utf8'), rawRequest });
            if (!result.valid)
                throw new Error(JSON.stringify(result));
            return true;
        },
        tamper: appendToBody,
    },
    twilio: {
        name: 'twilio@' + version('twilio') + ' validateRequest / validateRequestWithBody',
        verify: (req) => {
            const twilio = require('twilio');
            const signature = req.headers['x-twilio-signature'];
            if ((req.headers['content-type'] || '').startsWith('application/x-www-form-urlencoded'))
                return twilio.validateRequest(req.key, signature, req.url, querystring.parse(req.body.toString('utf8')));
            return twilio.validateRequestWithBody(req.key, signature, req.url, req.body.toString('utf8'));
        },
        tamper: appendToBody,
    },
    sendgrid: {
        name: '@sendgrid/eventwebhook@' + version('@sendgrid/eventwebhook')
            + ' EventWebhook.verifySignature',
        verify: (req) => {
            const { EventWebhook, EventWebhookHeader } = require('@sendgrid/eventwebhook');
            const ew = new EventWebhook();
            const key = ew.convertPublicKeyToECDSA(req.key);
            return ew.verifySignature(key, req.body,
                req.headers[EventWebhookHeader.SIGNATURE().toLowerCase()],
                req.headers[EventWebhookHeader.TIMESTAMP().toLowerCase()]);
        },
        tamper: appendToBody,
    },
    mailgun: {
        name: 'no official Node verifier (mailgun.js has none): Mailgun\'s documented HMAC-SHA256 of timestamp+token',
        verify: (req) => {
            const { signature } = JSON.parse(req.body.toString('utf8'));
            return equal(signature.signature, hmac('sha256', req.key, signature.timestamp + signature.token, 'hex'));
        },
        // The signature covers the timestamp and token only.
        tamper: (req) => {
            const event = JSON.parse(req.body.toString('utf8'));
            event.signature.token = event.signature.token.split('').reverse().join('');
            return { ...req, body: Buffer.from(JSON.stringify(event)) };
        },
    },
    postmark: {
        name: 'no Postmark verifier exists (HTTP Basic only): the documented credentials compared',
        verify: (req) => equal(req.headers.authorization, 'Basic ' + Buffer.from(req.key).toString('base64')),
        tamper: (req) => ({
            ...req,
            headers: { ...req.headers, authorization: 'Basic ' + Buffer.from(req.key + 'x').toString('base64') },
        }),
    },
    mailparse: {
        name: 'no SDK: the documented HMAC-SHA256 of "{timestamp}.{body}" (milliseconds)',
        verify: (req) => {
            const ts = req.headers['x-webhook-timestamp'];
            if (Math.abs(Date.now() - Number(ts)) > 300000)
                return false;
            const signed = Buffer.concat([Buffer.from(ts + '.'), req.body]);
            return equal(req.headers['x-webhook-signature'], hmac('sha256', req.key, signed, 'hex'));
        },
        tamper: appendToBody,
    },
    sns: {
        name: 'sns-validator@' + version('sns-validator') + ' MessageValidator.validate (Amazon\'s own validator)',
        // The validator downloads the certificate at SigningCertURL with https.get; the test has no network, so
        // https.get answers with the test's certificate (req.key), for the URL the validator accepted.
        verify: (req) => new Promise((resolve, reject) => {
            const https = require('node:https');
            const { EventEmitter } = require('node:events');
            https.get = (url, onResponse) => {
                const res = new EventEmitter();
                res.statusCode = 200;
                process.nextTick(() => {
                    onResponse(res);
                    res.emit('data', Buffer.from(req.key));
                    res.emit('end');
                });
                return { on() { return this; } };
            };
            const MessageValidator = require('sns-validator');
            new MessageValidator().validate(req.body.toString('utf8'), (err) => (err ? reject(err) : resolve(true)));
        }),
        tamper: (req) => {
            const message = JSON.parse(req.body.toString('utf8'));
            message.Message += ' ';
            return { ...req, body: Buffer.from(JSON.stringify(message)) };
        },
    },
    mandrill: {
        name: 'no official Node verifier (@mailchimp/mailchimp_transactional has none): Mandrill\'s documented base64 HMAC-SHA1 of the URL and sorted POST fields',
        verify: (req) => {
            const fields = querystring.parse(req.body.toString('utf8'));
            let signed = req.url;
            for (const key of Object.keys(fields).sort())
                signed += key + fields[key];
            return equal(req.headers['x-mandrill-signature'], hmac('sha1', req.key, signed, 'base64'));
        },
        tamper: (req) => ({ ...req, url: req.url + '/' }),
    },
    mailersend: {
        name: 'no official Node verifier (mailersend has none): MailerSend\'s documented hex HMAC-SHA256 of the body',
        verify: (req) => equal(req.headers.signature, hmac('sha256', req.key, req.body, 'hex')),
        tamper: appendToBody,
    },
    postal: {
        name: 'no SDK: Postal\'s documented RSA-SHA1 of the body, with node:crypto',
        verify: (req) => crypto.createVerify('RSA-SHA1').update(req.body).verify(req.key, req.headers['x-postal-signature'], 'base64'),
        tamper: appendToBody,
    },
    sparkpost: {
        name: 'no SparkPost verifier exists (a token or Basic credentials): compared as documented',
        verify: (req) => req.key.includes(':')
            ? equal(req.headers.authorization, 'Basic ' + Buffer.from(req.key).toString('base64'))
            : equal(req.headers['x-messagesystems-webhook-token'], req.key),
        tamper: (req) => ({
            ...req,
            headers: { ...req.headers, authorization: 'Basic eDp5', 'x-messagesystems-webhook-token': req.key + 'x' },
        }),
    },
    mailjet: {
        name: 'no Mailjet verifier exists (HTTP Basic only): the documented credentials compared',
        verify: (req) => equal(req.headers.authorization, 'Basic ' + Buffer.from(req.key).toString('base64')),
        tamper: (req) => ({
            ...req,
            headers: { ...req.headers, authorization: 'Basic ' + Buffer.from(req.key + 'x').toString('base64') },
        }),
    },
    hmac: {
        name: 'no provider: the generic scheme\'s default (X-Signature, hex HMAC-SHA256 of the body)',
        verify: (req) => equal(req.headers['x-signature'], hmac('sha256', req.key, req.body, 'hex')),
        tamper: appendToBody,
    },
};

async function answer(verifier, req) {
    try {
        return { valid: (await verifier.verify(req)) === true, error: null };
    } catch (e) {
        return { valid: false, error: String(e && e.message ? e.message : e) };
    }
}

async function verifyCase(c) {
    const verifier = verifiers[c.verifier || c.scheme];
    if (!verifier)
        throw new Error('no verifier for ' + c.scheme);
    const req = {
        key: c.key,
        method: c.method,
        url: c.url,
        headers: headerMap(c.headers),
        body: Buffer.from(c.bodyBase64, 'base64'),
    };
    const original = await answer(verifier, req);
    const tampered = await answer(verifier, verifier.tamper(req));
    return { verifier: verifier.name, valid: original.valid, error: original.error, tamperedValid: tampered.valid };
}

// Signers: {secret, url, body (string), now (seconds), contentType} -> {signer, url, headers}.
const signers = {
    stripe: (c) => {
        const Stripe = require('stripe');
        const header = new Stripe('sk_test_interop').webhooks.generateTestHeaderString({
            payload: c.body,
            secret: c.secret,
            timestamp: c.now,
        });
        return { signer: 'stripe webhooks.generateTestHeaderString', headers: [['Stripe-Signature', header]] };
    },
    svix: (c) => {
        const { Webhook } = require('svix');
        const id = 'msg_interop_svix';
        const sig = new Webhook(c.secret).sign(id, new Date(c.now * 1000), c.body);
        return {
            signer: 'svix Webhook.sign',
            headers: [['svix-id', id], ['svix-timestamp', String(c.now)], ['svix-signature', sig]],
        };
    },
    resend: (c) => ({ ...signers.svix(c), signer: 'svix Webhook.sign (Resend delivers through Svix; its SDK only verifies)' }),
    'standard-webhooks': (c) => {
        const { Webhook } = require('standardwebhooks');
        const id = 'msg_interop_sw';
        const sig = new Webhook(c.secret).sign(id, new Date(c.now * 1000), c.body);
        return {
            signer: 'standardwebhooks Webhook.sign',
            headers: [['webhook-id', id], ['webhook-timestamp', String(c.now)], ['webhook-signature', sig]],
        };
    },
    github: async (c) => {
        const { sign } = await import('@octokit/webhooks-methods');
        return { signer: '@octokit/webhooks-methods sign', headers: [['X-Hub-Signature-256', await sign(c.secret, c.body)]] };
    },
    shopify: (c) => {
        const { getHmac } = require('@shopify/shopify-api/test-helpers');
        return { signer: '@shopify/shopify-api test-helpers getHmac', headers: [['X-Shopify-Hmac-Sha256', getHmac(c.body, c.secret)]] };
    },
    twilio: (c) => {
        const twilio = require('twilio');
        if (c.contentType.startsWith('application/x-www-form-urlencoded')) {
            const sig = twilio.getExpectedTwilioSignature(c.secret, c.url, querystring.parse(c.body));
            return { signer: 'twilio getExpectedTwilioSignature (form)', headers: [['X-Twilio-Signature', sig]] };
        }
        const url = c.url + (c.url.includes('?') ? '&' : '?') + 'bodySHA256=' + twilio.getExpectedBodyHash(c.body);
        const sig = twilio.getExpectedTwilioSignature(c.secret, url, {});
        if (!twilio.validateRequestWithBody(c.secret, sig, url, c.body))
            throw new Error('twilio does not accept its own signature');
        return { signer: 'twilio getExpectedTwilioSignature + getExpectedBodyHash (JSON)', url, headers: [['X-Twilio-Signature', sig]] };
    },
    sendgrid: (c) => {
        // SendGrid signs on its servers; its SDK verifies with starkbank-ecdsa, which signs here with a test key.
        const ecdsa = require('starkbank-ecdsa');
        // starkbank-ecdsa reads SEC1 ("EC PRIVATE KEY") PEM; the test key may be PKCS#8.
        const sec1 = crypto.createPrivateKey(c.secret).export({ type: 'sec1', format: 'pem' });
        const key = ecdsa.PrivateKey.fromPem(sec1);
        const ts = String(c.now);
        const sig = ecdsa.Ecdsa.sign(ts + c.body, key).toBase64();
        return {
            signer: 'starkbank-ecdsa Ecdsa.sign (the ECDSA library of @sendgrid/eventwebhook)',
            headers: [['X-Twilio-Email-Event-Webhook-Signature', sig], ['X-Twilio-Email-Event-Webhook-Timestamp', ts]],
        };
    },
};

async function signCase(c) {
    const signer = signers[c.scheme];
    if (!signer)
        throw new Error('no SDK signer for ' + c.scheme);
    const out = await signer(c);
    return { url: c.url, ...out };
}

async function stripeHeader(c) {
    const Stripe = require('stripe');
    try {
        new Stripe('sk_test_interop').webhooks.constructEvent(c.body, c.header, c.secret, 300, undefined, c.nowMs);
        return { valid: true, error: null };
    } catch (e) {
        return { valid: false, error: String(e.message) };
    }
}

async function main() {
    const [mode, file] = process.argv.slice(2);
    const c = JSON.parse(fs.readFileSync(file, 'utf8'));
    let out;
    if (mode === 'verify')
        out = await verifyCase(c);
    else if (mode === 'sign')
        out = await signCase(c);
    else if (mode === 'stripe-header')
        out = await stripeHeader(c);
    else
        throw new Error('mode is verify, sign or stripe-header');
    process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
    process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
    process.exit(1);
});
