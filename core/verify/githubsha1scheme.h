#pragma once

#include "githubscheme.h"

namespace hookscope::verify {

/** GitHub's legacy `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body>`. */
class GithubSha1Scheme final : public GithubScheme {
public:
    GithubSha1Scheme();
    QString name() const override;
};

} // namespace hookscope::verify
