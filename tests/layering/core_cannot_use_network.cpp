// Must not compile: see tests/layering/CMakeLists.txt.
#include <QNetworkAccessManager>

int main()
{
    return 0;
}
