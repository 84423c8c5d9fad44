import { MembersList } from './MembersList';

/** People → Platform Access: the people who have joined (active members), with the same row controls. */
export function PlatformAccessTab() {
  return <MembersList kind="platform" />;
}
