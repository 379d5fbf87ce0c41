#include "githubsha1scheme.h"

using namespace Qt::StringLiterals;

namespace hookscope::verify {

GithubSha1Scheme::GithubSha1Scheme()
    : GithubScheme(crypto::Digest::Sha1, "X-Hub-Signature", "sha1=")
{
}

QString GithubSha1Scheme::name() const
{
    return u"github-sha1"_s;
}

} // namespace hookscope::verify
