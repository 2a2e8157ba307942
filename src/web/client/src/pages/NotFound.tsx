import { Button } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { Link } from 'react-router';
import { Empty } from '../components/states';

export function NotFound() {
  return (
    <Empty icon={<IconMapQuestion />} title="Nothing here" description="This page does not exist, or its address was mistyped.">
      <Button component={Link} to="/contacts" variant="light">Go to contacts</Button>
    </Empty>
  );
}
