<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ar_EG">
  <context>
    <name>AdminPinScreen</name>
    <message>
      <source>Administration</source>
      <translation>الإدارة</translation>
    </message>
    <message>
      <source>Enter the administrator PIN.</source>
      <translation>أدخل الرقم السري للمسؤول.</translation>
    </message>
    <message>
      <source>PIN</source>
      <translation>الرقم السري</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>فتح القفل</translation>
    </message>
    <message>
      <source>Or sign in with your name and password:</source>
      <translation>أو سجّل الدخول باسمك وكلمة المرور:</translation>
    </message>
    <message>
      <source>Sign in with your name and password:</source>
      <translation>سجّل الدخول باسمك وكلمة المرور:</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>الاسم</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>كلمة المرور</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>تسجيل الدخول</translation>
    </message>
  </context>
  <context>
    <name>AdminScreen</name>
    <message>
      <source>Administration</source>
      <translation>الإدارة</translation>
    </message>
    <message>
      <source>Lock and go back</source>
      <translation>قفل ورجوع</translation>
    </message>
    <message>
      <source>Users and roles</source>
      <translation>المستخدمون والأدوار</translation>
    </message>
    <message>
      <source>Not available on this station yet.</source>
      <translation>غير متاح في هذه المحطة بعد.</translation>
    </message>
    <message>
      <source>%1 (%2): %3</source>
      <translation>%1 (%2): %3</translation>
    </message>
    <message>
      <source>disabled</source>
      <translation>معطّل</translation>
    </message>
    <message>
      <source>Audit trail, newest first</source>
      <translation>سجل التدقيق، الأحدث أولاً</translation>
    </message>
    <message>
      <source>%1 · %2 · %3 · %4</source>
      <translation>%1 · %2 · %3 · %4</translation>
    </message>
    <message>
      <source>Station PIN (4 to 12 digits)</source>
      <translation>الرقم السري للمحطة (من 4 إلى 12 رقمًا)</translation>
    </message>
    <message>
      <source>New PIN</source>
      <translation>رقم سري جديد</translation>
    </message>
    <message>
      <source>Save PIN</source>
      <translation>حفظ الرقم السري</translation>
    </message>
    <message>
      <source>Station settings</source>
      <translation>إعدادات المحطة</translation>
    </message>
    <message>
      <source>Institution, defaults, languages, PACS</source>
      <translation>المؤسسة، القيم الافتراضية، اللغات، PACS</translation>
    </message>
  </context>
  <context>
    <name>BurnConfirmScreen</name>
    <message>
      <source>Is this the right patient?</source>
      <translation>هل هذا هو المريض الصحيح؟</translation>
    </message>
    <message>
      <source>Patient shown on the disc after it is read</source>
      <translation>يظهر المريض بعد قراءة القرص</translation>
    </message>
    <message>
      <source>Patient: %1</source>
      <translation>المريض: %1</translation>
    </message>
    <message>
      <source>Born %1</source>
      <translation>تاريخ الميلاد %1</translation>
    </message>
    <message numerus="yes">
      <source>%n copy/copies on %1</source>
      <translation>
        <numerusform>لا نسخ على %1</numerusform>
        <numerusform>نسخة واحدة على %1</numerusform>
        <numerusform>نسختان على %1</numerusform>
        <numerusform>%n نسخ على %1</numerusform>
        <numerusform>%n نسخة على %1</numerusform>
        <numerusform>%n نسخة على %1</numerusform>
      </translation>
    </message>
    <message>
      <source>CD</source>
      <translation>قرص CD</translation>
    </message>
    <message>
      <source>DVD</source>
      <translation>قرص DVD</translation>
    </message>
    <message>
      <source>USB stick</source>
      <translation>ذاكرة USB</translation>
    </message>
    <message>
      <source>Disc robot</source>
      <translation>روبوت النسخ</translation>
    </message>
    <message>
      <source>No, go back</source>
      <translation>لا، رجوع</translation>
    </message>
    <message>
      <source>Yes, make the disc</source>
      <translation>نعم، أنشئ القرص</translation>
    </message>
    <message>
      <source>Protected with a password: it is shown once, on the next screen.</source>
      <translation>محمي بكلمة مرور: تُعرض مرة واحدة في الشاشة التالية.</translation>
    </message>
  </context>
  <context>
    <name>BurnFindScreen</name>
    <message>
      <source>Which study?</source>
      <translation>أي فحص؟</translation>
    </message>
    <message>
      <source>Patient name or ID</source>
      <translation>اسم المريض أو رقمه</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>بحث</translation>
    </message>
    <message>
      <source>The local store cannot be searched on this station yet. Use a folder below.</source>
      <translation>لا يمكن البحث في المخزن المحلي في هذه المحطة بعد. اختر مجلدًا أدناه.</translation>
    </message>
    <message>
      <source>No study found.</source>
      <translation>لم يُعثر على أي فحص.</translation>
    </message>
    <message numerus="yes">
      <source>%1, %2, %n image(s)</source>
      <translation>
        <numerusform>%1، %2، لا صور</numerusform>
        <numerusform>%1، %2، صورة واحدة</numerusform>
        <numerusform>%1، %2، صورتان</numerusform>
        <numerusform>%1، %2، %n صور</numerusform>
        <numerusform>%1، %2، %n صورة</numerusform>
        <numerusform>%1، %2، %n صورة</numerusform>
      </translation>
    </message>
    <message>
      <source>Study</source>
      <translation>فحص</translation>
    </message>
    <message>
      <source>Or burn a folder of DICOM files</source>
      <translation>أو انسخ مجلدًا من ملفات DICOM</translation>
    </message>
    <message>
      <source>Folder</source>
      <translation>المجلد</translation>
    </message>
    <message>
      <source>Use this folder</source>
      <translation>استخدم هذا المجلد</translation>
    </message>
    <message>
      <source>still arriving</source>
      <translation>لا يزال قيد الاستلام</translation>
    </message>
    <message>
      <source>This station</source>
      <translation>هذه المحطة</translation>
    </message>
    <message>
      <source>Study date, e.g. 2026-12-01</source>
      <translation>تاريخ الفحص، مثل 2026-12-01</translation>
    </message>
    <message>
      <source>Accession number</source>
      <translation>رقم الطلب</translation>
    </message>
    <message>
      <source>Fetching…</source>
      <translation>جارٍ الجلب…</translation>
    </message>
    <message>
      <source>Fetch to this station and burn</source>
      <translation>اجلبه إلى هذه المحطة وانسخه</translation>
    </message>
  </context>
  <context>
    <name>BurnOptionsScreen</name>
    <message>
      <source>Disc and copies</source>
      <translation>الوسيط وعدد النسخ</translation>
    </message>
    <message>
      <source>CD</source>
      <translation>قرص CD</translation>
    </message>
    <message>
      <source>DVD</source>
      <translation>قرص DVD</translation>
    </message>
    <message>
      <source>USB stick</source>
      <translation>ذاكرة USB</translation>
    </message>
    <message>
      <source>Disc robot</source>
      <translation>روبوت النسخ</translation>
    </message>
    <message>
      <source>Medium: %1</source>
      <translation>الوسيط: %1</translation>
    </message>
    <message>
      <source>Copies</source>
      <translation>النسخ</translation>
    </message>
    <message>
      <source>One copy less</source>
      <translation>نسخة أقل</translation>
    </message>
    <message numerus="yes">
      <source>%n copies</source>
      <translation>
        <numerusform>لا نسخ</numerusform>
        <numerusform>نسخة واحدة</numerusform>
        <numerusform>نسختان</numerusform>
        <numerusform>%n نسخ</numerusform>
        <numerusform>%n نسخة</numerusform>
        <numerusform>%n نسخة</numerusform>
      </translation>
    </message>
    <message>
      <source>One copy more</source>
      <translation>نسخة أخرى</translation>
    </message>
    <message>
      <source>Protect with a password</source>
      <translation>حماية بكلمة مرور</translation>
    </message>
    <message>
      <source>Next: check the patient</source>
      <translation>التالي: تحقق من المريض</translation>
    </message>
  </context>
  <context>
    <name>BurnProgressScreen</name>
    <message>
      <source>The discs are ready</source>
      <translation>الأقراص جاهزة</translation>
    </message>
    <message>
      <source>The disc could not be made</source>
      <translation>تعذّر إنشاء القرص</translation>
    </message>
    <message>
      <source>Making the disc</source>
      <translation>جارٍ إنشاء القرص</translation>
    </message>
    <message>
      <source>Progress: %1 percent</source>
      <translation>التقدم: %1 بالمئة</translation>
    </message>
    <message numerus="yes">
      <source>%1 of %n disc(s) done</source>
      <translation>
        <numerusform>%1 من لا أقراص</numerusform>
        <numerusform>%1 من قرص واحد</numerusform>
        <numerusform>%1 من قرصين</numerusform>
        <numerusform>%1 من %n أقراص</numerusform>
        <numerusform>%1 من %n قرصًا</numerusform>
        <numerusform>%1 من %n قرص</numerusform>
      </translation>
    </message>
    <message>
      <source>Every disc was read back and checked. Take them from the drive.</source>
      <translation>قُرئ كل قرص وتم التحقق منه. خذ الأقراص من المشغّل.</translation>
    </message>
    <message>
      <source>Stop this job</source>
      <translation>أوقف هذه المهمة</translation>
    </message>
    <message>
      <source>Change and try again</source>
      <translation>عدّل وحاول مجددًا</translation>
    </message>
    <message>
      <source>Back to the start</source>
      <translation>العودة إلى البداية</translation>
    </message>
    <message>
      <source>Password for this disc: %1</source>
      <translation>كلمة مرور هذا القرص: %1</translation>
    </message>
    <message>
      <source>Password for this disc</source>
      <translation>كلمة مرور هذا القرص</translation>
    </message>
    <message>
      <source>Shown only now. Write it down or print the slip, and give it to the patient apart from the disc.</source>
      <translation>يُعرض الآن فقط. اكتبها أو اطبع الورقة، وسلّمها للمريض بمعزل عن القرص.</translation>
    </message>
    <message>
      <source>Print the slip</source>
      <translation>اطبع الورقة</translation>
    </message>
    <message>
      <source>It is written down</source>
      <translation>تمت كتابتها</translation>
    </message>
    <message>
      <source>Stop after this copy</source>
      <translation>توقف بعد هذه النسخة</translation>
    </message>
    <message>
      <source>This job stops after the copy in hand; that disc is finished and checked first.</source>
      <translation>تتوقف هذه المهمة بعد النسخة الجارية؛ يُكمل ذلك القرص ويُتحقق منه أولًا.</translation>
    </message>
  </context>
  <context>
    <name>DevicesScreen</name>
    <message>
      <source>Drives and robots</source>
      <translation>المشغّلات والروبوتات</translation>
    </message>
    <message>
      <source>No drive is connected.</source>
      <translation>لا يوجد مشغّل متصل.</translation>
    </message>
    <message>
      <source>%1 · %2</source>
      <translation>%1 · %2</translation>
    </message>
    <message>
      <source>Inside: %1</source>
      <translation>بالداخل: %1</translation>
    </message>
    <message>
      <source>Disc robots</source>
      <translation>روبوتات النسخ</translation>
    </message>
    <message>
      <source>Disc robots are not available on this station yet.</source>
      <translation>روبوتات النسخ غير متاحة في هذه المحطة بعد.</translation>
    </message>
    <message>
      <source>No disc robot is configured.</source>
      <translation>لم يُضبط أي روبوت نسخ.</translation>
    </message>
  </context>
  <context>
    <name>HomeScreen</name>
    <message>
      <source>Media station</source>
      <translation>محطة الوسائط</translation>
    </message>
    <message>
      <source>Media station %1</source>
      <translation>محطة الوسائط %1</translation>
    </message>
    <message>
      <source>No discs are being made right now.</source>
      <translation>لا يجري إنشاء أقراص الآن.</translation>
    </message>
    <message numerus="yes">
      <source>%n job(s) waiting or running.</source>
      <translation>
        <numerusform>لا مهام قيد الانتظار أو التشغيل.</numerusform>
        <numerusform>مهمة واحدة قيد الانتظار أو التشغيل.</numerusform>
        <numerusform>مهمتان قيد الانتظار أو التشغيل.</numerusform>
        <numerusform>%n مهام قيد الانتظار أو التشغيل.</numerusform>
        <numerusform>%n مهمة قيد الانتظار أو التشغيل.</numerusform>
        <numerusform>%n مهمة قيد الانتظار أو التشغيل.</numerusform>
      </translation>
    </message>
    <message>
      <source>Burn a disc for a patient</source>
      <translation>انسخ قرصًا لمريض</translation>
    </message>
    <message>
      <source>Import a disc</source>
      <translation>استيراد قرص</translation>
    </message>
    <message>
      <source>Jobs</source>
      <translation>المهام</translation>
    </message>
    <message numerus="yes">
      <source>%n active</source>
      <translation>
        <numerusform>لا نشطة</numerusform>
        <numerusform>واحدة نشطة</numerusform>
        <numerusform>اثنتان نشطتان</numerusform>
        <numerusform>%n نشطة</numerusform>
        <numerusform>%n نشطة</numerusform>
        <numerusform>%n نشطة</numerusform>
      </translation>
    </message>
    <message>
      <source>Drives and robots</source>
      <translation>المشغّلات والروبوتات</translation>
    </message>
    <message>
      <source>Administration</source>
      <translation>الإدارة</translation>
    </message>
    <message>
      <source>Normal colours</source>
      <translation>الألوان العادية</translation>
    </message>
    <message>
      <source>High contrast</source>
      <translation>تباين عالٍ</translation>
    </message>
    <message>
      <source>Language: %1</source>
      <translation>اللغة: %1</translation>
    </message>
  </context>
  <context>
    <name>ImportScreen</name>
    <message>
      <source>What is on the disc</source>
      <translation>محتوى القرص</translation>
    </message>
    <message>
      <source>Import a disc</source>
      <translation>استيراد قرص</translation>
    </message>
    <message>
      <source>Put the disc in a drive, then choose the drive.</source>
      <translation>ضع القرص في مشغّل ثم اختر المشغّل.</translation>
    </message>
    <message>
      <source>Read the disc in %1</source>
      <translation>اقرأ القرص في %1</translation>
    </message>
    <message>
      <source>Reading the disc</source>
      <translation>جارٍ قراءة القرص</translation>
    </message>
    <message>
      <source>The inventory is not available on this station yet.</source>
      <translation>قائمة المحتوى غير متاحة في هذه المحطة بعد.</translation>
    </message>
    <message>
      <source>Decisions waiting</source>
      <translation>قرارات بانتظارك</translation>
    </message>
    <message>
      <source>Decisions are not available on this station yet.</source>
      <translation>القرارات غير متاحة في هذه المحطة بعد.</translation>
    </message>
    <message>
      <source>Nothing to decide.</source>
      <translation>لا شيء يحتاج إلى قرار.</translation>
    </message>
    <message>
      <source>Do not import</source>
      <translation>لا تستورد</translation>
    </message>
    <message>
      <source>Back to the start</source>
      <translation>العودة إلى البداية</translation>
    </message>
    <message>
      <source>On the disc</source>
      <translation>على القرص</translation>
    </message>
    <message>
      <source>Here</source>
      <translation>هنا</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>الاسم</translation>
    </message>
    <message>
      <source>Patient ID</source>
      <translation>رقم المريض</translation>
    </message>
    <message>
      <source>Birth date</source>
      <translation>تاريخ الميلاد</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>الجنس</translation>
    </message>
    <message>
      <source>no match</source>
      <translation>لا يوجد تطابق</translation>
    </message>
    <message>
      <source>Import finished.</source>
      <translation>اكتمل الاستيراد.</translation>
    </message>
    <message>
      <source>Waiting for your decision.</source>
      <translation>بانتظار قرارك.</translation>
    </message>
    <message>
      <source>Same patient: import as the patient here</source>
      <translation>المريض نفسه: استيراد باسم المريض هنا</translation>
    </message>
    <message>
      <source>Send it again</source>
      <translation>أرسله مرة أخرى</translation>
    </message>
  </context>
  <context>
    <name>KioskRoot</name>
    <message>
      <source>The media service restarted. Reconnecting…</source>
      <translation>أُعيد تشغيل خدمة الوسائط. جارٍ إعادة الاتصال…</translation>
    </message>
    <message>
      <source>Waiting for the media service…</source>
      <translation>بانتظار خدمة الوسائط…</translation>
    </message>
  </context>
  <context>
    <name>Main</name>
    <message>
      <source>Discus media station</source>
      <translation>محطة وسائط Discus</translation>
    </message>
  </context>
  <context>
    <name>QueueScreen</name>
    <message>
      <source>Jobs</source>
      <translation>المهام</translation>
    </message>
    <message>
      <source>No jobs yet.</source>
      <translation>لا مهام بعد.</translation>
    </message>
    <message>
      <source>Job %1: %2</source>
      <translation>المهمة %1: %2</translation>
    </message>
    <message>
      <source>Progress: %1 percent</source>
      <translation>التقدم: %1 بالمئة</translation>
    </message>
    <message>
      <source>Show</source>
      <translation>عرض</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>إلغاء</translation>
    </message>
    <message>
      <source>Cancel job %1</source>
      <translation>إلغاء المهمة %1</translation>
    </message>
    <message>
      <source>Retry</source>
      <translation>إعادة المحاولة</translation>
    </message>
    <message>
      <source>Retry job %1</source>
      <translation>إعادة محاولة المهمة %1</translation>
    </message>
  </context>
  <context>
    <name>ScreenHeader</name>
    <message>
      <source>Back</source>
      <translation>رجوع</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::AdminSession</name>
    <message>
      <source>Media made</source>
      <translation>أُنشئ وسيط</translation>
    </message>
    <message>
      <source>Media imported</source>
      <translation>استُورد وسيط</translation>
    </message>
    <message>
      <source>Security alert</source>
      <translation>تنبيه أمني</translation>
    </message>
    <message>
      <source>Sign-in</source>
      <translation>تسجيل دخول</translation>
    </message>
    <message>
      <source>Service started or stopped</source>
      <translation>بدء الخدمة أو إيقافها</translation>
    </message>
    <message>
      <source>Images accessed or deleted</source>
      <translation>الاطلاع على صور أو حذفها</translation>
    </message>
    <message>
      <source>Audit log read</source>
      <translation>قراءة سجل التدقيق</translation>
    </message>
    <message>
      <source>Images sent or received</source>
      <translation>إرسال صور أو استلامها</translation>
    </message>
    <message>
      <source>Name or password is wrong.</source>
      <translation>الاسم أو كلمة المرور غير صحيحة.</translation>
    </message>
    <message>
      <source>Only administrators may open this area.</source>
      <translation>هذا القسم للمسؤولين فقط.</translation>
    </message>
    <message>
      <source>Too many wrong PINs. Wait a minute.</source>
      <translation>أرقام سرية خاطئة كثيرة. انتظر دقيقة.</translation>
    </message>
    <message>
      <source>administrator</source>
      <translation>المسؤول</translation>
    </message>
    <message>
      <source>Wrong PIN.</source>
      <translation>الرقم السري خاطئ.</translation>
    </message>
    <message>
      <source>No PIN is set. Sign in with your name and password.</source>
      <translation>لم يُضبط رقم سري. سجّل الدخول باسمك وكلمة المرور.</translation>
    </message>
    <message>
      <source>A PIN has 4 to 12 digits.</source>
      <translation>يتكون الرقم السري من 4 إلى 12 رقمًا.</translation>
    </message>
    <message>
      <source>PIN saved.</source>
      <translation>حُفظ الرقم السري.</translation>
    </message>
    <message>
      <source>The PIN could not be saved.</source>
      <translation>تعذّر حفظ الرقم السري.</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::BurnFlow</name>
    <message>
      <source>Folder %1</source>
      <translation>المجلد %1</translation>
    </message>
    <message>
      <source>Choose a study first.</source>
      <translation>اختر فحصًا أولاً.</translation>
    </message>
    <message>
      <source>This station has no disc robot.</source>
      <translation>لا يوجد روبوت نسخ في هذه المحطة.</translation>
    </message>
    <message>
      <source>No robot is ready.</source>
      <translation>لا يوجد روبوت جاهز.</translation>
    </message>
    <message>
      <source>Insert a USB stick.</source>
      <translation>أدخل ذاكرة USB.</translation>
    </message>
    <message>
      <source>No disc drive is ready.</source>
      <translation>لا يوجد مشغّل أقراص جاهز.</translation>
    </message>
    <message>
      <source>%1 of %2, %3 images</source>
      <translation>%1 بتاريخ %2، %3 صورة</translation>
    </message>
    <message>
      <source>Study</source>
      <translation>فحص</translation>
    </message>
    <message>
      <source>The job was cancelled.</source>
      <translation>أُلغيت المهمة.</translation>
    </message>
    <message>
      <source>The service gave no reason.</source>
      <translation>لم تذكر الخدمة سببًا.</translation>
    </message>
    <message>
      <source>The disc could not be read back: verify found 3 files that differ.</source>
      <translation>تعذّر التحقق من القرص: وُجدت 3 ملفات مختلفة.</translation>
    </message>
    <message>
      <source>The service did not say where this study is kept.</source>
      <translation>لم تذكر الخدمة مكان حفظ هذا الفحص.</translation>
    </message>
    <message>
      <source>The fetched study is not in this station's store: %1</source>
      <translation>الفحص المجلوب ليس في مخزن هذه المحطة: %1</translation>
    </message>
    <message>
      <source>The store holds %1 of the %2 images fetched; try again in a moment.</source>
      <translation>يحتوي المخزن على %1 من %2 صورة مجلوبة؛ حاول مرة أخرى بعد لحظة.</translation>
    </message>
    <message>
      <source>The robot needs a person.</source>
      <translation>الروبوت يحتاج إلى شخص.</translation>
    </message>
    <message>
      <source>The disc opens only with a password. It is shown once, when the burn starts: write it down or print the slip, and give it to the patient apart from the disc.</source>
      <translation>لا يُفتح القرص إلا بكلمة مرور. تُعرض مرة واحدة عند بدء النسخ: اكتبها أو اطبع الورقة، وسلّمها للمريض بمعزل عن القرص.</translation>
    </message>
    <message>
      <source>Password for your disc</source>
      <translation>كلمة مرور قرصك</translation>
    </message>
    <message>
      <source>Password (type it exactly as printed):</source>
      <translation>كلمة المرور (اكتبها تمامًا كما هي مطبوعة):</translation>
    </message>
    <message>
      <source>The disc is encrypted. When its viewer or another DICOM program asks for a password, type this one. Keep this slip apart from the disc.</source>
      <translation>القرص مشفّر. عندما يطلب عارضه أو برنامج DICOM آخر كلمة مرور، اكتب هذه. احفظ هذه الورقة بعيدًا عن القرص.</translation>
    </message>
    <message>
      <source>Made at %1</source>
      <translation>أُنشئ في %1</translation>
    </message>
    <message>
      <source>Printing the slip…</source>
      <translation>جارٍ طباعة الورقة…</translation>
    </message>
    <message>
      <source>The slip was sent to the printer.</source>
      <translation>أُرسلت الورقة إلى الطابعة.</translation>
    </message>
    <message>
      <source>No printer is set up on this station (%1 is missing): write the password down.</source>
      <translation>لا توجد طابعة مُعدّة في هذه المحطة (%1 غير موجود): اكتب كلمة المرور.</translation>
    </message>
    <message>
      <source>The printer refused the slip: %1</source>
      <translation>رفضت الطابعة الورقة: %1</translation>
    </message>
    <message>
      <source>The service did not give the disc's password.</source>
      <translation>لم تُعطِ الخدمة كلمة مرور القرص.</translation>
    </message>
    <message>
      <source>Stopped as asked: %1 of %2 discs made and checked.</source>
      <translation>توقف كما طُلب: أُنشئ %1 من %2 أقراص وتم التحقق منها.</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::ImportFlow</name>
    <message>
      <source>Waiting for your decision</source>
      <translation>بانتظار قرارك</translation>
    </message>
    <message>
      <source>Importing discs is not available on this station yet.</source>
      <translation>استيراد الأقراص غير متاح في هذه المحطة بعد.</translation>
    </message>
    <message>
      <source>The disc could not be read.</source>
      <translation>تعذّرت قراءة القرص.</translation>
    </message>
    <message>
      <source>Not available on this station yet.</source>
      <translation>غير متاح في هذه المحطة بعد.</translation>
    </message>
    <message>
      <source>male</source>
      <translation>ذكر</translation>
    </message>
    <message>
      <source>female</source>
      <translation>أنثى</translation>
    </message>
    <message>
      <source>other</source>
      <translation>آخر</translation>
    </message>
    <message>
      <source>not given</source>
      <translation>غير محدد</translation>
    </message>
    <message>
      <source>Looking at the disc</source>
      <translation>جارٍ فحص القرص</translation>
    </message>
    <message>
      <source>Reading the disc and finding the patients here</source>
      <translation>جارٍ قراءة القرص والبحث عن المرضى هنا</translation>
    </message>
    <message>
      <source>Sending: %1 of %2</source>
      <translation>الإرسال: %1 من %2</translation>
    </message>
    <message>
      <source>Sending: %1</source>
      <translation>الإرسال: %1</translation>
    </message>
    <message>
      <source>Here: %1</source>
      <translation>هنا: %1</translation>
    </message>
    <message>
      <source>chosen by a person</source>
      <translation>اختاره شخص</translation>
    </message>
    <message>
      <source>found in the worklist</source>
      <translation>موجود في قائمة العمل</translation>
    </message>
    <message>
      <source>Not imported: rejected</source>
      <translation>لم يُستورد: مرفوض</translation>
    </message>
    <message>
      <source>Is the patient on the disc the patient here?</source>
      <translation>هل المريض على القرص هو المريض هنا؟</translation>
    </message>
    <message>
      <source>Sending was interrupted: the PACS may already have %1. Send it again?</source>
      <translation>انقطع الإرسال: قد يكون %1 موجودًا في نظام PACS بالفعل. هل تريد الإرسال مرة أخرى؟</translation>
    </message>
    <message>
      <source>Waiting for the station</source>
      <translation>بانتظار المحطة</translation>
    </message>
    <message>
      <source>Continuing the import</source>
      <translation>جارٍ متابعة الاستيراد</translation>
    </message>
    <message numerus="yes">
      <source>%n instance(s)</source>
      <translation>
        <numerusform>لا صور</numerusform>
        <numerusform>صورة واحدة</numerusform>
        <numerusform>صورتان</numerusform>
        <numerusform>%n صور</numerusform>
        <numerusform>%n صورة</numerusform>
        <numerusform>%n صورة</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n imported</source>
      <translation>
        <numerusform>لم يُستورد شيء</numerusform>
        <numerusform>واحد مستورد</numerusform>
        <numerusform>اثنان مستوردان</numerusform>
        <numerusform>%n مستوردة</numerusform>
        <numerusform>%n مستوردًا</numerusform>
        <numerusform>%n مستورد</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n already here</source>
      <translation>
        <numerusform>لا شيء موجود مسبقًا</numerusform>
        <numerusform>واحد موجود مسبقًا</numerusform>
        <numerusform>اثنان موجودان مسبقًا</numerusform>
        <numerusform>%n موجودة مسبقًا</numerusform>
        <numerusform>%n موجودًا مسبقًا</numerusform>
        <numerusform>%n موجود مسبقًا</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n waiting for a decision</source>
      <translation>
        <numerusform>لا شيء بانتظار قرار</numerusform>
        <numerusform>واحد بانتظار قرار</numerusform>
        <numerusform>اثنان بانتظار قرار</numerusform>
        <numerusform>%n بانتظار قرار</numerusform>
        <numerusform>%n بانتظار قرار</numerusform>
        <numerusform>%n بانتظار قرار</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n in conflict with what is here</source>
      <translation>
        <numerusform>لا تعارض مع الموجود</numerusform>
        <numerusform>واحد يتعارض مع الموجود</numerusform>
        <numerusform>اثنان يتعارضان مع الموجود</numerusform>
        <numerusform>%n تتعارض مع الموجود</numerusform>
        <numerusform>%n يتعارض مع الموجود</numerusform>
        <numerusform>%n يتعارض مع الموجود</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n unreadable</source>
      <translation>
        <numerusform>لا شيء غير مقروء</numerusform>
        <numerusform>واحد غير مقروء</numerusform>
        <numerusform>اثنان غير مقروءين</numerusform>
        <numerusform>%n غير مقروءة</numerusform>
        <numerusform>%n غير مقروء</numerusform>
        <numerusform>%n غير مقروء</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n not images (viewer, other files)</source>
      <translation>
        <numerusform>لا ملفات غير الصور</numerusform>
        <numerusform>ملف واحد ليس صورة (عارض، ملفات أخرى)</numerusform>
        <numerusform>ملفان ليسا صورًا (عارض، ملفات أخرى)</numerusform>
        <numerusform>%n ملفات ليست صورًا (عارض، ملفات أخرى)</numerusform>
        <numerusform>%n ملفًا ليس صورًا (عارض، ملفات أخرى)</numerusform>
        <numerusform>%n ملف ليس صورًا (عارض، ملفات أخرى)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n left out</source>
      <translation>
        <numerusform>لم يُستبعد شيء</numerusform>
        <numerusform>واحد مستبعد</numerusform>
        <numerusform>اثنان مستبعدان</numerusform>
        <numerusform>%n مستبعدة</numerusform>
        <numerusform>%n مستبعدًا</numerusform>
        <numerusform>%n مستبعد</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n file(s) on the disc: </source>
      <translation>
        <numerusform>لا ملفات على القرص: </numerusform>
        <numerusform>ملف واحد على القرص: </numerusform>
        <numerusform>ملفان على القرص: </numerusform>
        <numerusform>%n ملفات على القرص: </numerusform>
        <numerusform>%n ملفًا على القرص: </numerusform>
        <numerusform>%n ملف على القرص: </numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>discus::ui::JobListModel</name>
    <message>
      <source>Waiting</source>
      <translation>في الانتظار</translation>
    </message>
    <message>
      <source>Working</source>
      <translation>قيد العمل</translation>
    </message>
    <message>
      <source>Paused</source>
      <translation>متوقف مؤقتًا</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>تم</translation>
    </message>
    <message>
      <source>Failed</source>
      <translation>فشل</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>أُلغي</translation>
    </message>
    <message>
      <source>Checking the images</source>
      <translation>جارٍ فحص الصور</translation>
    </message>
    <message>
      <source>Preparing the disc</source>
      <translation>جارٍ تحضير القرص</translation>
    </message>
    <message>
      <source>Writing</source>
      <translation>جارٍ النسخ</translation>
    </message>
    <message>
      <source>Checking the disc</source>
      <translation>جارٍ فحص القرص</translation>
    </message>
    <message>
      <source>Importing</source>
      <translation>جارٍ الاستيراد</translation>
    </message>
    <message>
      <source>Sending</source>
      <translation>جارٍ الإرسال</translation>
    </message>
    <message>
      <source>Estimating time left</source>
      <translation>جارٍ تقدير الوقت المتبقي</translation>
    </message>
    <message>
      <source>Less than a minute left</source>
      <translation>أقل من دقيقة</translation>
    </message>
    <message numerus="yes">
      <source>About %n minute(s) left</source>
      <translation>
        <numerusform>أقل من دقيقة</numerusform>
        <numerusform>نحو دقيقة واحدة متبقية</numerusform>
        <numerusform>نحو دقيقتين متبقيتين</numerusform>
        <numerusform>نحو %n دقائق متبقية</numerusform>
        <numerusform>نحو %n دقيقة متبقية</numerusform>
        <numerusform>نحو %n دقيقة متبقية</numerusform>
      </translation>
    </message>
    <message>
      <source>Job %1 could not be cancelled: %2</source>
      <translation>تعذّر إلغاء المهمة %1: %2</translation>
    </message>
    <message>
      <source>Job %1 could not be retried: %2</source>
      <translation>تعذّرت إعادة محاولة المهمة %1: %2</translation>
    </message>
    <message>
      <source>Job %1 · %2 · %3 of %4</source>
      <translation>المهمة %1 · %2 · %3 من %4</translation>
    </message>
    <message>
      <source>Stops after the copy in hand</source>
      <translation>يتوقف بعد النسخة الجارية</translation>
    </message>
    <message>
      <source>Job %1 could not be told to stop after this copy: %2</source>
      <translation>تعذّر إيقاف المهمة %1 بعد هذه النسخة: %2</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::JsonListModel</name>
    <message>
      <source>Not available on this station yet.</source>
      <translation>غير متاح في هذه المحطة بعد.</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::KioskApp</name>
    <message>
      <source>Ready</source>
      <translation>جاهز</translation>
    </message>
    <message>
      <source>Working</source>
      <translation>قيد العمل</translation>
    </message>
    <message>
      <source>No disc inside</source>
      <translation>لا يوجد قرص</translation>
    </message>
    <message>
      <source>Not connected</source>
      <translation>غير متصل</translation>
    </message>
    <message>
      <source>Needs a person</source>
      <translation>يحتاج إلى تدخل</translation>
    </message>
    <message>
      <source>Taken out of use by an administrator.</source>
      <translation>أوقفه المسؤول عن العمل.</translation>
    </message>
    <message>
      <source>Put a blank disc in the drive.</source>
      <translation>ضع قرصًا فارغًا في المشغّل.</translation>
    </message>
    <message>
      <source>Check the cable and the power of the drive.</source>
      <translation>تحقق من كابل المشغّل ومن الطاقة.</translation>
    </message>
    <message>
      <source>Open the drive, take the disc out and close it again.</source>
      <translation>افتح المشغّل وأخرج القرص ثم أغلقه.</translation>
    </message>
    <message>
      <source>Out of blank discs: fill the %1 bin.</source>
      <translation>نفدت الأقراص الفارغة: املأ الحاوية %1.</translation>
    </message>
    <message>
      <source>Few blank discs left in the %1 bin.</source>
      <translation>بقي القليل من الأقراص الفارغة في الحاوية %1.</translation>
    </message>
    <message>
      <source>Ink low (%1): replace the cartridge.</source>
      <translation>الحبر منخفض (%1): استبدل الخرطوشة.</translation>
    </message>
    <message>
      <source>Out of blank discs: load blank discs into the input bin and close the robot.</source>
      <translation>نفدت الأقراص الفارغة: ضع أقراصًا فارغة في حاوية الإدخال وأغلق الروبوت.</translation>
    </message>
    <message>
      <source>A cover of the robot is open: close it.</source>
      <translation>أحد أغطية الروبوت مفتوح: أغلقه.</translation>
    </message>
    <message>
      <source>The robot's printer needs a person: clear the jam or close its tray.</source>
      <translation>طابعة الروبوت تحتاج إلى شخص: أزل الانحشار أو أغلق درجها.</translation>
    </message>
    <message>
      <source>Ink low: replace the cartridge.</source>
      <translation>الحبر منخفض: استبدل الخرطوشة.</translation>
    </message>
    <message>
      <source>A disc was rejected: take it out of the reject bin.</source>
      <translation>رُفض قرص: أخرجه من حاوية المرفوضات.</translation>
    </message>
    <message>
      <source>The robot does not answer: check its power and cable.</source>
      <translation>الروبوت لا يستجيب: تحقق من الطاقة والكابل.</translation>
    </message>
    <message>
      <source>A job failed at the robot: see Jobs.</source>
      <translation>فشلت مهمة في الروبوت: راجع المهام.</translation>
    </message>
    <message>
      <source>The robot says: %1</source>
      <translation>يقول الروبوت: %1</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::PacsSearch</name>
    <message>
      <source>PACS %1</source>
      <translation>PACS %1</translation>
    </message>
    <message>
      <source>Study</source>
      <translation>فحص</translation>
    </message>
    <message>
      <source>accession %1</source>
      <translation>رقم الطلب %1</translation>
    </message>
    <message numerus="yes">
      <source>%n image(s)</source>
      <translation>
        <numerusform>لا صور</numerusform>
        <numerusform>صورة واحدة</numerusform>
        <numerusform>صورتان</numerusform>
        <numerusform>%n صور</numerusform>
        <numerusform>%n صورة</numerusform>
        <numerusform>%n صورة</numerusform>
      </translation>
    </message>
    <message>
      <source>The date is not one this station understands: type it as 2026-12-01, or two dates for a range.</source>
      <translation>لا تفهم المحطة هذا التاريخ: اكتبه بالشكل 2026-12-01، أو تاريخين لفترة.</translation>
    </message>
    <message>
      <source>Type a name, an ID, a date or an accession number to search the PACS.</source>
      <translation>اكتب اسمًا أو رقمًا أو تاريخًا أو رقم طلب للبحث في PACS.</translation>
    </message>
    <message>
      <source>Asking %1…</source>
      <translation>جارٍ سؤال %1…</translation>
    </message>
    <message>
      <source>Searching a PACS is not available on this station yet.</source>
      <translation>البحث في PACS غير متاح في هذه المحطة بعد.</translation>
    </message>
    <message>
      <source>The PACS could not be searched: %1</source>
      <translation>تعذّر البحث في PACS: %1</translation>
    </message>
    <message>
      <source>No study found.</source>
      <translation>لم يُعثر على أي فحص.</translation>
    </message>
    <message>
      <source>Only the first %1 studies are shown: search more narrowly.</source>
      <translation>تُعرض أول %1 فحوص فقط: ضيّق البحث.</translation>
    </message>
    <message>
      <source>This study is kept on %1. Fetch it to this station to burn it.</source>
      <translation>هذا الفحص محفوظ على %1. اجلبه إلى هذه المحطة لنسخه.</translation>
    </message>
    <message>
      <source>This study is kept on %1, not on this station, and this station may not fetch from it. Ask for it to be sent from the PACS to this station; it then appears under "This station" and can be burnt.</source>
      <translation>هذا الفحص محفوظ على %1 وليس في هذه المحطة، ولا يُسمح للمحطة بالجلب منه. اطلب إرساله من PACS إلى هذه المحطة؛ عندها يظهر تحت «هذه المحطة» ويمكن نسخه.</translation>
    </message>
    <message>
      <source>The PACS did not say which study this is (no Study Instance UID).</source>
      <translation>لم يحدد PACS أي فحص هذا (لا يوجد Study Instance UID).</translation>
    </message>
    <message>
      <source>Fetching the study from %1… This can take a few minutes.</source>
      <translation>جارٍ جلب الفحص من %1… قد يستغرق ذلك بضع دقائق.</translation>
    </message>
    <message>
      <source>Fetching from a PACS is not available on this station yet.</source>
      <translation>الجلب من PACS غير متاح في هذه المحطة بعد.</translation>
    </message>
    <message>
      <source>The study could not be fetched: %1</source>
      <translation>تعذّر جلب الفحص: %1</translation>
    </message>
    <message>
      <source>Not all images came from the PACS (%1 sent, %2 failed): %3</source>
      <translation>لم تصل كل الصور من PACS (أُرسلت %1، وفشلت %2): %3</translation>
    </message>
    <message>
      <source>The study is on this station now.</source>
      <translation>الفحص الآن في هذه المحطة.</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::SettingsModel</name>
    <message>
      <source>Institution name</source>
      <translation>اسم المؤسسة</translation>
    </message>
    <message>
      <source>Default media profile</source>
      <translation>ملف الوسائط الافتراضي</translation>
    </message>
    <message>
      <source>Default medium</source>
      <translation>الوسيط الافتراضي</translation>
    </message>
    <message>
      <source>Days staged images are kept</source>
      <translation>أيام الاحتفاظ بالصور المجهّزة</translation>
    </message>
    <message>
      <source>This station's AE title</source>
      <translation>عنوان AE لهذه المحطة</translation>
    </message>
    <message>
      <source>This station's DICOM port</source>
      <translation>منفذ DICOM لهذه المحطة</translation>
    </message>
    <message>
      <source>Media profiles offered (separated by commas; empty: all)</source>
      <translation>ملفات الوسائط المعروضة (مفصولة بفواصل؛ فارغ: الكل)</translation>
    </message>
    <message>
      <source>Default target (drive, usb, robot or image-dir)</source>
      <translation>الهدف الافتراضي (drive أو usb أو robot أو image-dir)</translation>
    </message>
    <message>
      <source>Default number of copies</source>
      <translation>عدد النسخ الافتراضي</translation>
    </message>
    <message>
      <source>Label template (a file; empty: the built-in one)</source>
      <translation>قالب الملصق (ملف؛ فارغ: القالب المدمج)</translation>
    </message>
    <message>
      <source>Language of the kiosk (en, de, fr or ar)</source>
      <translation>لغة الكشك (en أو de أو fr أو ar)</translation>
    </message>
    <message>
      <source>Seconds without a touch before the kiosk goes home</source>
      <translation>الثواني دون لمس قبل عودة الكشك إلى البداية</translation>
    </message>
    <message>
      <source>PACS %1: AE title</source>
      <translation>PACS %1: عنوان AE</translation>
    </message>
    <message>
      <source>PACS %1: host</source>
      <translation>PACS %1: المضيف</translation>
    </message>
    <message>
      <source>PACS %1: port</source>
      <translation>PACS %1: المنفذ</translation>
    </message>
    <message>
      <source>PACS %1: this station's AE title towards it</source>
      <translation>PACS %1: عنوان AE لهذه المحطة تجاهه</translation>
    </message>
    <message>
      <source>PACS %1: roles (query, retrieve, store-to, import-destination, worklist)</source>
      <translation>PACS %1: الأدوار (query وretrieve وstore-to وimport-destination وworklist)</translation>
    </message>
    <message>
      <source>PACS %1: %2</source>
      <translation>PACS %1: %2</translation>
    </message>
    <message>
      <source>built in</source>
      <translation>مدمج</translation>
    </message>
    <message>
      <source>from the configuration file</source>
      <translation>من ملف الإعدادات</translation>
    </message>
    <message>
      <source>set here</source>
      <translation>مضبوط هنا</translation>
    </message>
    <message>
      <source>from discusd's command line</source>
      <translation>من سطر أوامر discusd</translation>
    </message>
    <message>
      <source>applies after the media service restarts</source>
      <translation>يسري بعد إعادة تشغيل خدمة الوسائط</translation>
    </message>
    <message>
      <source>Changed, in force after the media service restarts: %1</source>
      <translation>تغيّر، ويسري بعد إعادة تشغيل خدمة الوسائط: %1</translation>
    </message>
    <message>
      <source>Settings cannot be changed on this station yet.</source>
      <translation>لا يمكن تغيير الإعدادات في هذه المحطة بعد.</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>جارٍ الحفظ…</translation>
    </message>
    <message>
      <source>Not saved: %1</source>
      <translation>لم يُحفظ: %1</translation>
    </message>
    <message>
      <source>Saved: %1.</source>
      <translation>حُفظ: %1.</translation>
    </message>
    <message>
      <source>Back to the value from the file or the built-in one: %1.</source>
      <translation>عاد إلى القيمة من الملف أو المدمجة: %1.</translation>
    </message>
    <message>
      <source>A PACS needs a name, an AE title, a host and a port from 1 to 65535.</source>
      <translation>يحتاج PACS إلى اسم وعنوان AE ومضيف ومنفذ من 1 إلى 65535.</translation>
    </message>
    <message>
      <source>PACS %1 added.</source>
      <translation>أُضيف PACS %1.</translation>
    </message>
  </context>
  <context>
    <name>AdminSettingsScreen</name>
    <message>
      <source>Station settings</source>
      <translation>إعدادات المحطة</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>حفظ</translation>
    </message>
    <message>
      <source>Save %1</source>
      <translation>حفظ %1</translation>
    </message>
    <message>
      <source>Reset</source>
      <translation>إعادة ضبط</translation>
    </message>
    <message>
      <source>Reset %1</source>
      <translation>إعادة ضبط %1</translation>
    </message>
    <message>
      <source>Add a PACS</source>
      <translation>إضافة PACS</translation>
    </message>
    <message>
      <source>Name, e.g. pacs2</source>
      <translation>الاسم، مثل pacs2</translation>
    </message>
    <message>
      <source>AE title</source>
      <translation>عنوان AE</translation>
    </message>
    <message>
      <source>Host</source>
      <translation>المضيف</translation>
    </message>
    <message>
      <source>Port</source>
      <translation>المنفذ</translation>
    </message>
    <message>
      <source>Roles, e.g. query, retrieve</source>
      <translation>الأدوار، مثل query وretrieve</translation>
    </message>
    <message>
      <source>Add this PACS</source>
      <translation>أضف هذا PACS</translation>
    </message>
  </context>
</TS>